import CommunityMatch

extension Scenario {
    /// The same scenario with every list in id order, and pins by task, member and slot.
    ///
    /// The model's columns and rows follow the order of the lists, and when several plans are equally good the
    /// solver's choice among them depends on that order: rows sorted differently in Excel would then give a
    /// different plan from the same data. Ids are unique within their list, so this order is total. Positions
    /// survive: a pin keeps its `location`, and every other message was already given while reading.
    func inCanonicalOrder() -> Scenario {
        var s = Scenario(settings: settings,
                         communities: communities.sorted { $0.id < $1.id },
                         units: units.sorted { $0.id < $1.id },
                         members: members.sorted { $0.id < $1.id },
                         resources: resources.sorted { $0.id < $1.id },
                         needs: needs.sorted { $0.id < $1.id },
                         projects: projects.sorted { $0.id < $1.id },
                         travelOverrides: travelOverrides)
        s.pins = pins.sorted { a, b in
            if a.task != b.task { return a.task < b.task }
            if a.member != b.member { return a.member < b.member }
            return (a.slot.map { [$0.day, $0.period] } ?? [-1]).lexicographicallyPrecedes(b.slot.map { [$0.day, $0.period] } ?? [-1])
        }
        return s
    }
}
