import Foundation

/// Emergency mode: a supervisor's switch (with the time it was switched on, when known), and optionally switched
/// on by itself while no agent is logged in (seed 004 line 1732). While on, the service is closed even in
/// opening hours and `message` is the answer.
public struct EmergencyMode: Codable, Sendable, Hashable {
    public var enabled: Bool
    public var message: String
    public var automaticWhenNoAgentLoggedIn: Bool
    /// When `enabled` was switched on; it starts the closure period. Nil if not recorded.
    public var since: Date?

    public init(enabled: Bool = false, message: String = "", automaticWhenNoAgentLoggedIn: Bool = false, since: Date? = nil) {
        self.enabled = enabled
        self.message = message
        self.automaticWhenNoAgentLoggedIn = automaticWhenNoAgentLoggedIn
        self.since = since
    }

    private enum CodingKeys: String, CodingKey { case enabled, message, automaticWhenNoAgentLoggedIn, since }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(enabled: try container.decodeIfPresent(Bool.self, forKey: .enabled) ?? false,
                  message: try container.decodeIfPresent(String.self, forKey: .message) ?? "",
                  automaticWhenNoAgentLoggedIn: try container.decodeIfPresent(Bool.self, forKey: .automaticWhenNoAgentLoggedIn) ?? false,
                  since: try container.decodeIfPresent(Date.self, forKey: .since))
    }
}
