/// Residents' names on anything that leaves the office (slips, calendar entries, letters). Needs carry no
/// separate resident column: staff write the resident into the title the way they speak of them — a surname
/// and a form of address, 张奶奶, 王大爷, 刘老人. A slip in a member's pocket should not say who lives alone
/// where, so the form of address after a common surname becomes `**` (上门探访独居张奶奶 → 上门探访独居张**):
/// the member still knows the surname to ask for at the door, and the community office holds the rest.
/// Workbooks and CSV files stay with the office and keep titles whole.
public enum Masking {
    /// Forms of address that follow a surname in a title.
    static let addresses = ["奶奶", "爷爷", "大爷", "大娘", "阿姨", "老人", "婆婆", "伯伯", "叔叔", "大妈", "大叔",
                            "老伯", "阿婆", "阿公", "老师", "师傅", "先生", "女士", "同志", "大姐", "大哥", "姥姥", "姥爷"]

    /// The hundred most common Chinese surnames (over 80 % of people): a preceding character outside these is
    /// not a surname (独居老人, 孤寡老人), so it is left alone.
    static let surnames: Set<Character> = Set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝")

    public static func maskResidentNames(_ title: String) -> String {
        let chars = Array(title)
        var out = ""
        var i = 0
        while i < chars.count {
            out.append(chars[i])
            if surnames.contains(chars[i]), let a = addresses.first(where: { matches($0, chars, at: i + 1) }) {
                out += "**"
                i += 1 + a.count
                continue
            }
            i += 1
        }
        return out
    }

    static func matches(_ word: String, _ chars: [Character], at start: Int) -> Bool {
        let w = Array(word)
        guard start + w.count <= chars.count else { return false }
        return Array(chars[start..<start + w.count]) == w
    }
}
