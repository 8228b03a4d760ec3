/// Decoding from JSON (the admin API) with the same snake_case keys as `parley.yml`:
///
///     {"id": "refunds", "match": {"words": ["refund"], "regex": "order \\d+"},
///      "then": {"workgroup": "billing", "skills": [{"skill": "spanish", "proficiency": 3}], "mask": {"keep_last": 4}}}
///
/// `regex` is one pattern or a list; `mask` is `true` or `{keep_last, symbol}`. Unknown keys under `match`
/// and `then` are collected for validation to reject with the rule named.
extension KeywordRuleDefinition: Decodable {
    private enum CodingKeys: String, CodingKey {
        case id, name, match, channels, then
        case channelKinds = "channel_kinds"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(String.self, forKey: .id),
            name: try container.decodeIfPresent(String.self, forKey: .name),
            match: try container.decode(Match.self, forKey: .match),
            channels: try container.decodeIfPresent([String].self, forKey: .channels) ?? [],
            channelKinds: try container.decodeIfPresent([String].self, forKey: .channelKinds) ?? [],
            then: try container.decodeIfPresent(Actions.self, forKey: .then) ?? Actions())
    }
}

extension KeywordRuleDefinition.Match: Decodable {
    static let knownKeys = ["words", "phrases", "hashtags", "regex", "detect"]

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        func strings(_ key: String) throws -> [String] {
            let key = AnyKey(key)
            guard container.contains(key) else { return [] }
            if let one = try? container.decode(String.self, forKey: key) { return [one] }
            return try container.decode([String].self, forKey: key)
        }
        self.init(
            words: try strings("words"), phrases: try strings("phrases"), hashtags: try strings("hashtags"),
            regex: try strings("regex"), detect: try strings("detect"),
            unknownKeys: container.allKeys.map(\.stringValue).filter { !Self.knownKeys.contains($0) }.sorted())
    }
}

extension KeywordRuleDefinition.Actions: Decodable {
    static let knownKeys = ["workgroup", "skills", "priority", "non_actionable", "stop", "mask"]

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        var mask: KeywordRuleDefinition.Mask?
        if container.contains(AnyKey("mask")) {
            if let enabled = try? container.decode(Bool.self, forKey: AnyKey("mask")) {
                mask = enabled ? KeywordRuleDefinition.Mask() : nil
            } else {
                mask = try container.decode(KeywordRuleDefinition.Mask.self, forKey: AnyKey("mask"))
            }
        }
        self.init(
            workgroup: try container.decodeIfPresent(String.self, forKey: AnyKey("workgroup")),
            skills: try container.decodeIfPresent([KeywordRuleDefinition.Skill].self, forKey: AnyKey("skills")) ?? [],
            priority: try container.decodeIfPresent(Int.self, forKey: AnyKey("priority")),
            nonActionable: try container.decodeIfPresent(Bool.self, forKey: AnyKey("non_actionable")) ?? false,
            stop: try container.decodeIfPresent(Bool.self, forKey: AnyKey("stop")) ?? false,
            mask: mask,
            unknownKeys: container.allKeys.map(\.stringValue).filter { !Self.knownKeys.contains($0) }.sorted())
    }
}

extension KeywordRuleDefinition.Mask: Decodable {
    private enum CodingKeys: String, CodingKey {
        case symbol
        case keepLast = "keep_last"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(keepLast: try container.decodeIfPresent(Int.self, forKey: .keepLast) ?? 0,
                  symbol: try container.decodeIfPresent(String.self, forKey: .symbol) ?? "•")
    }
}

/// Any key: lets decoding see the keys it does not know.
private struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
