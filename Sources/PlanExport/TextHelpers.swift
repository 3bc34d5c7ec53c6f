import CommunityMatch

func pad(_ n: Int, _ width: Int = 2) -> String {
    let s = String(n)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

/// `08:00` from minutes after midnight.
func clock(_ minutes: Int) -> String { "\(pad(minutes / 60)):\(pad(minutes % 60))" }
