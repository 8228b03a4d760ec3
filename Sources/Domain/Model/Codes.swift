/// The outcome an agent records when closing an interaction (a disposition).
public struct WrapUpCode: Codable, Sendable, Hashable, Identifiable {
    public typealias ID = Identifier<WrapUpCode>

    public var id: ID
    public var name: String
    public var active: Bool

    public init(id: ID, name: String, active: Bool = true) {
        self.id = id
        self.name = name
        self.active = active
    }

    /// Shipped defaults (seed 000, lines 423–426).
    public static let defaults: [WrapUpCode] = [
        "Cross Sell", "Need Follow Up", "Not Right Skill", "Processed", "Terminated", "Transferred", "Up Sell",
    ].map { WrapUpCode(id: ID(slug($0)), name: $0) }
}

/// Why an agent is unavailable.
public struct NotReadyReason: Codable, Sendable, Hashable, Identifiable {
    public typealias ID = Identifier<NotReadyReason>

    public var id: ID
    public var name: String
    public var active: Bool

    public init(id: ID, name: String, active: Bool = true) {
        self.id = id
        self.name = name
        self.active = active
    }

    /// Set by the routing engine when an offer is not answered in time.
    public static let rona = NotReadyReason(id: "rona", name: "RONA")
    /// Set by presence when an agent's last desktop connection has been gone longer than the grace period.
    public static let disconnected = NotReadyReason(id: "disconnected", name: "Disconnected")

    /// Shipped defaults (seed 000, lines 423–426).
    public static let defaults: [NotReadyReason] = [
        "Admin Work", "Lunch", "Meeting", "Pause", "RONA", "Training",
    ].map { NotReadyReason(id: ID(slug($0)), name: $0) }
}

/// `"Need Follow Up"` → `"need-follow-up"`.
public func slug(_ name: String) -> String {
    var result = ""
    var pendingDash = false
    for scalar in name.lowercased().unicodeScalars {
        if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
            if pendingDash && !result.isEmpty { result.append("-") }
            result.unicodeScalars.append(scalar)
            pendingDash = false
        } else {
            pendingDash = true
        }
    }
    return result
}
