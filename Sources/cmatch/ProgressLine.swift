import Foundation

/// What a long solve says while it runs, on standard error.
///
/// On a terminal the user sees one line, rewritten in place (phase, part k of n, incumbent, bound), and only
/// once the solve has run for `delay` seconds: a street that solves in a second should not flicker. With
/// `--verbose` each phase gets a line of its own, for logs. Piped or with `--quiet` nothing is printed, so
/// scripts that capture stderr see errors only.
final class ProgressLine: @unchecked Sendable {
    enum Mode { case silent, lines, inPlace }
    let mode: Mode
    private let delay: Double
    private let lock = NSLock()
    private let started = Date()
    private var shown = false

    init(mode: Mode, delay: Double = 2) {
        self.mode = mode
        self.delay = delay
    }

    func show(_ text: String) {
        switch mode {
        case .silent: return
        case .lines: printError("cmatch: \(text)…")
        case .inPlace:
            lock.lock(); defer { lock.unlock() }
            let seconds = Date().timeIntervalSince(started)
            guard seconds >= delay else { return }
            var line = "cmatch \(String(format: "%5.1f", seconds)) s: \(text)"
            // Keep within a narrow terminal so the carriage return rewrites the whole line.
            if line.count > 110 { line = String(line.prefix(109)) + "…" }
            writeStandardError("\r\u{1B}[K" + line)
            shown = true
        }
    }

    /// Clears the line, so the summary that follows starts on a clean line.
    func finish() {
        lock.lock(); defer { lock.unlock() }
        if mode == .inPlace && shown { writeStandardError("\r\u{1B}[K") }
        shown = false
    }

    private func writeStandardError(_ s: String) {
        let bytes = Array(s.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(STDERR_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                if n <= 0 { return }
                offset += n
            }
        }
    }
}
