/// The one numeric tolerance of the engine: hours, minutes, amounts and objective values closer than
/// `epsilon` are equal. Every layer that compares such numbers uses it — the readers (a slot long enough for a
/// task, a pin within reach), the model and its builder (a row that can never bind is left out), the GLPK
/// backend (a value within it of an integer is that integer), the search and the plan files.
///
/// The plan verifier (PlanVerify) keeps a tolerance of its own on purpose: it is a second opinion that shares
/// the domain and the readers but not the engine's arithmetic, so a change here cannot quietly loosen the
/// check that catches it.
public enum Tolerance {
    /// 1e-9: well below the smallest quantity a scenario can state (a minute, a hundredth of an hour), well
    /// above the rounding of sums of a few thousand such quantities.
    public static let epsilon = 1e-9
}
