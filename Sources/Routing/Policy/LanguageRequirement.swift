import Domain

/// What a customer's language asks of an agent in one workgroup: a skill at a minimum proficiency.
public struct LanguageRequirement: Sendable, Hashable, Codable {
    /// ISO 639-1, as the workgroup's map names it ("es").
    public var language: String
    public var skill: Skill.ID
    public var minimum: Int

    public init(language: String, skill: Skill.ID, minimum: Int) {
        self.language = language
        self.skill = skill
        self.minimum = minimum
    }

    /// Two lowercase letters (ISO 639-1), as map keys are written.
    public static func isLanguageCode(_ code: String) -> Bool {
        code.utf8.count == 2 && code.utf8.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }
    }

    /// The primary subtag in lower case: "ES", "es-MX" and "es_419" all look up "es".
    static func normalized(_ language: String) -> String {
        String(language.lowercased().prefix { $0 != "-" && $0 != "_" })
    }
}

extension WorkgroupPolicy {
    /// The requirement for an interaction whose customer writes in `language`; nil if the workgroup maps no skill to it.
    public func languageRequirement(_ language: String?) -> LanguageRequirement? {
        guard !languages.isEmpty, let language else { return nil }
        let code = LanguageRequirement.normalized(language)
        return languages[code].map { LanguageRequirement(language: code, skill: $0, minimum: languageMinimum) }
    }

    /// The distinct skills of the language map in a fixed order: the engine files requirement `n` (1…) under
    /// `languageSkills[n - 1]`, and 0 is "no language requirement".
    var languageSkills: [Skill.ID] { Set(languages.values).sorted { $0.rawValue < $1.rawValue } }

    /// The first tier admitting any member (an expansion minimum of 0): from there the language is not required
    /// either, so an interaction never waits for a speaker who is not logged in. `expansion.count + 1`: never.
    var languageFreeTier: Int { (expansion.firstIndex { $0.minimum == 0 } ?? expansion.count) + 1 }
}
