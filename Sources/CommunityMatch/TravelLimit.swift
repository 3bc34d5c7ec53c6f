/// A task's travel limit with its default resolved, defined once for the engine: the eligibility of members and
/// resources, the pin checks and the bottleneck analysis all read it here.
///
/// The plan verifier (PlanVerify's `TaskView`) resolves the same default itself, on purpose: it is a second
/// opinion and must not share the engine's reading of the rules.
extension Scenario {
    /// Minutes a member may travel to `need`: its own `max_travel`, else the scenario's service circle
    /// (`max_travel` in scenario.yaml).
    public func travelLimit(of need: Need) -> Double { need.maxTravel ?? settings.maxTravel }

    /// Minutes a member may travel to `project`: projects have no `max_travel` column, so the service circle.
    public func travelLimit(of project: Project) -> Double { settings.maxTravel }
}
