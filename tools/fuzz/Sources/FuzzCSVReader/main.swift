import CommunityMatch
import Foundation
import ScenarioIO

// libFuzzer calls `fuzzOne` with each input; SwiftPM links an executable with `--defsym main=<module>_main`,
// so this file's top-level code is the process entry and hands control to libFuzzer's driver.
//
// Input: the first byte chooses the encoding scenario.yaml declares (0 none, 1 utf-8, 2 gb18030, 3 utf-16le,
// 4 utf-16be; modulo 5); the rest is the file.
//
// Beyond "does not crash", the reader's promises are checked, so a logic slip stops the run too:
// - a table exists, or an error says why not;
// - every data row is exactly as wide as the header;
// - every position is a real place: lines and columns from 1, rows in file order.

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

let encodings: [TextEncoding?] = [nil, .utf8, .gb18030, .utf16le, .utf16be]

func check(_ ok: Bool, _ what: @autoclosure () -> String) {
    if !ok {
        FileHandle.standardError.write(Data("broken promise: \(what())\n".utf8))
        abort()
    }
}

@_cdecl("fuzzCSVReaderOne")
func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    guard let bytes, count > 0 else { return 0 }
    let declared = encodings[Int(bytes[0]) % encodings.count]
    let data = Data(bytes: bytes + 1, count: count - 1)
    let (table, diagnostics) = CSVReader.read(data, file: "needs.csv", declared: declared)
    check(table != nil || diagnostics.contains { $0.severity == .error }, "no table and no error")
    for d in diagnostics {
        check(d.location.file == "needs.csv", "diagnostic names another file: \(d)")
        check(d.location.line >= 0 && d.location.column >= 0, "negative position: \(d)")
        check(!d.message.isEmpty, "empty message at \(d.location)")
    }
    if let table {
        check(!table.header.isEmpty, "empty header")
        var previous = 0
        for row in table.rows {
            check(row.cells.count == table.header.count, "row \(row.line) has \(row.cells.count) cells, header \(table.header.count)")
            check(row.line > previous, "row lines not increasing: \(row.line) after \(previous)")
            previous = row.line
            for (i, cell) in row.cells.enumerated() {
                check(cell.column == i + 1, "cell column \(cell.column) at index \(i)")
                check(cell.line >= row.line, "cell line \(cell.line) before its row \(row.line)")
            }
        }
    }
    return 0
}

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { fuzzOne($0, $1) })
