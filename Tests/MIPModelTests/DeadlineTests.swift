import MIPModel
import Testing

/// `Deadline`: the one place the time left is computed. Only instants well before or well after now are
/// used, so no test depends on how fast the machine is.
@Suite struct DeadlineTests {
    @Test("a deadline in the past has passed, leaves no seconds to a solver, and says how far it is behind")
    func past() {
        let d = Deadline(secondsFromNow: -60)
        #expect(d.hasPassed)
        #expect(d.secondsLeft == 0)
        #expect(d.timeLeft < -59)
    }

    @Test("a deadline an hour away has not passed and leaves about an hour")
    func future() {
        let d = Deadline(secondsFromNow: 3_600)
        #expect(!d.hasPassed)
        #expect(d.secondsLeft > 3_000 && d.secondsLeft <= 3_600)
    }

    @Test("deadlines order by their instant")
    func order() {
        #expect(Deadline(secondsFromNow: -1) < Deadline(secondsFromNow: 3_600))
    }
}
