import Domain
import Foundation
import Storage
import Yams

/// `parley config export`: the model as the database holds it, in the provisioning format. Secrets are not
/// in the export; platforms must be re-declared by reference.
public enum ConfigExporter {
    public static func yaml(from store: any ParleyStore) async throws -> String {
        var root: [String: Any] = [:]
        root["skills"] = try await store.skills().map { ["id": $0.id.rawValue, "name": $0.name] }
        root["workgroups"] = try await store.workgroups().map { workgroup -> [String: Any] in
            [
                "id": workgroup.id.rawValue, "name": workgroup.name,
                "required_skills": workgroup.requiredSkills.map(requiredSkill),
                "service_level_seconds": workgroup.serviceLevelSeconds, "service_level_target": workgroup.serviceLevelTarget,
                "routing": routing(workgroup.routing),
            ]
        }
        root["channels"] = try await store.channels().map { channel -> [String: Any] in
            var entry: [String: Any] = [
                "id": channel.id.rawValue, "kind": channel.kind.rawValue, "account_id": channel.accountID, "name": channel.name,
                "enabled": channel.enabled, "inactivity_timeout": "\(channel.inactivityTimeout)s",
                "max_retry_duration": "\(channel.maxRetryDuration)s",
            ]
            if let workgroup = channel.workgroupID { entry["workgroup"] = workgroup.rawValue }
            if !channel.allowedOrigins.isEmpty { entry["allowed_origins"] = channel.allowedOrigins }
            return entry
        }
        let agents = try await store.users().map(\.user).filter { $0.has(.agent) }.sorted { $0.username < $1.username }
        if !agents.isEmpty { root["agents"] = agents.map(agent) }
        root["wrap_up_codes"] = try await store.wrapUpCodes().map { ["id": $0.id.rawValue, "name": $0.name, "active": $0.active] }
        root["not_ready_reasons"] = try await store.notReadyReasons().map { ["id": $0.id.rawValue, "name": $0.name, "active": $0.active] }
        // Every response, the API's too: re-applied from a file, they become the file's.
        let responses = try await store.standardResponses()
        if !responses.isEmpty {
            root["standard_responses"] = responses.map { response -> [String: Any] in
                var entry: [String: Any] = ["id": response.id.rawValue, "title": response.title, "category": response.category, "text": response.text]
                if !response.keywords.isEmpty { entry["keywords"] = response.keywords }
                if !response.channelKinds.isEmpty { entry["channels"] = response.channelKinds.map(\.rawValue) }
                return entry
            }
        }
        return "# Exported by parley config export. Platform secrets are not exported.\n" + (try Yams.dump(object: root, sortKeys: true))
    }
}
