/// The product's own words for skills, roles, resource kinds, need categories and unit kinds: the tags its
/// docs, templates and example scenarios use (docs/glossary.md lists them). A person reading Chinese sees
/// `医疗`, not `medical`, where the word is one of these; a tag a street office made up is its data and is
/// shown as written, in either language. Matching ignores case, as the readers do.
public enum Vocabulary {
    public static let zh: [String: String] = [
        // the role without a skill
        "any": "不限",
        // skills
        "medical": "医疗", "driving": "驾驶", "tutoring": "辅导", "repair": "维修", "legal": "法律",
        "electrician": "电工", "haircut": "理发", "counseling": "心理疏导", "nursing": "护理", "cooking": "做饭",
        // resource kinds and tags
        "venue": "场地", "vehicle": "车辆", "equipment": "设备", "funds": "资金", "service": "专业服务",
        "haircut-kit": "理发工具",
        // need and project categories
        "elderly-care": "养老照护", "home-repair": "上门维修", "child-care": "儿童看护", "health-check": "健康检查",
        "legal-aid": "法律援助",
        // unit kinds
        "hospital": "医院", "school": "学校", "enterprise": "企业", "government": "机关", "company": "企业",
        "bank": "银行", "university": "高校", "clinic": "诊所", "organ": "机关",
    ]
}

extension Language {
    /// One of the product's words (a skill, role, kind or category) in this language; any other word as written.
    public func term(_ word: String) -> String {
        guard self == .zh else { return word }
        return Vocabulary.zh[word.lowercased()] ?? word
    }

    /// A list of such words, joined the way the language joins a list.
    public func terms(_ words: [String]) -> String { list(words.map(term)) }
}
