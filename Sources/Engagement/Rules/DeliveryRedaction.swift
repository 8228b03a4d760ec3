import Foundation

/// Keyword rules mask card and account numbers before anything is stored, but the platform's raw delivery is
/// kept too (the inbox replays from it). This rewrites that raw body so the original text is nowhere on disk:
/// every JSON string equal to a masked message's original text becomes its masked text. Only exact matches
/// change — identifiers that merely look like numbers are never touched, so a replay threads and deduplicates
/// exactly as before, and masking the masked text again changes nothing.
public enum DeliveryRedaction {
    /// The body with each original replaced by its mask; nil when nothing in it matched (or it is not JSON).
    public static func redact(_ body: Data, replacing masks: [String: String]) -> Data? {
        guard !masks.isEmpty, let json = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) else { return nil }
        var changed = false
        let redacted = walk(json, masks, &changed)
        guard changed else { return nil }
        return try? JSONSerialization.data(withJSONObject: redacted, options: [.fragmentsAllowed, .withoutEscapingSlashes])
    }

    private static func walk(_ value: Any, _ masks: [String: String], _ changed: inout Bool) -> Any {
        switch value {
        case let text as String:
            guard let masked = masks[text] else { return text }
            changed = true
            return masked
        case let array as [Any]:
            return array.map { walk($0, masks, &changed) }
        case let object as [String: Any]:
            return object.mapValues { walk($0, masks, &changed) }
        default:
            return value
        }
    }
}
