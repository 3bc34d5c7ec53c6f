/// The two languages every command speaks. Chinese is the default because the street office reads it;
/// English is for the rest. The catalogue is our own (`MessageKey`): Foundation's localisation bundles do not
/// load on Linux (docs/glossary.md, FACTS.md), and a `switch` makes a missing translation a compile error.
public enum Language: String, Sendable, CaseIterable {
    case zh, en

    /// Picks between the two spellings of one message.
    @inlinable public func pick(_ zh: String, _ en: String) -> String { self == .zh ? zh : en }

    /// The language a command speaks: the `--lang` flag when given, else the first of `LC_ALL`,
    /// `LC_MESSAGES` and `LANG` that is set and names zh or en (`zh_CN.UTF-8`, `en_US`), else Chinese.
    /// A variable naming another locale (`C.UTF-8`, `POSIX`, `fr_FR`) is passed over.
    public static func resolve(flag: Language?, environment: [String: String]) -> Language {
        if let flag { return flag }
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[name]?.lowercased(), !value.isEmpty else { continue }
            if value.hasPrefix("zh") { return .zh }
            if value.hasPrefix("en") { return .en }
        }
        return .zh
    }

    /// A message of the catalogue in this language.
    public func callAsFunction(_ key: MessageKey, _ args: [String: String] = [:]) -> String {
        Message(key, args).text(self)
    }
    public func callAsFunction(_ message: Message) -> String { message.text(self) }

    public func list(_ items: [String]) -> String { items.joined(separator: pick("、", ", ")) }

    /// A title or name beside an id: `N01（独居老人送医）` / `N01 (escort to hospital)`; the id alone when the
    /// name is empty or the id itself.
    public func named(_ id: String, _ name: String) -> String {
        name.isEmpty || name == id ? id : pick("\(id)（\(name)）", "\(id) (\(name))")
    }
}
