extension Duration {
    /// The duration in seconds, for time limits and timings, which GLPK and summary.json take as a Double.
    package var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
