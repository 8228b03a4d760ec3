import Domain
import Foundation
import Yams

/// Reads `parley.yml`. Errors and warnings name the line; `load` throws on any error, `validate` reports all.
public enum ConfigLoader {
    public struct Result: Sendable {
        public var config: ParleyConfig
        public var diagnostics: [ConfigDiagnostic]

        public var errors: [ConfigDiagnostic] { diagnostics.filter { $0.severity == .error } }
        public var warnings: [ConfigDiagnostic] { diagnostics.filter { $0.severity == .warning } }
    }

    public static func load(file: String) throws -> Result {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw ConfigError(file: file, diagnostics: [ConfigDiagnostic(.error, line: nil, path: "", "cannot read the file: \(error.localizedDescription)")])
        }
        let result = validate(yaml: text)
        guard result.errors.isEmpty else { throw ConfigError(file: file, diagnostics: result.diagnostics) }
        return result
    }

    public static func validate(yaml text: String) -> Result {
        var reader = YAMLReader()
        var config = ParleyConfig()
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            return Result(config: config, diagnostics: [syntaxDiagnostic(error)])
        } catch {
            return Result(config: config, diagnostics: [ConfigDiagnostic(.error, line: nil, path: "", "\(error)")])
        }
        guard let root else { return Result(config: config, diagnostics: []) }
        let topKeys = ["server", "platforms", "channels", "skills", "workgroups", "agents", "calendars", "wrap_up_codes", "not_ready_reasons",
                       "standard_responses", "reports"]
        guard let top = reader.mapping(root, "", known: topKeys) else { return Result(config: config, diagnostics: reader.diagnostics) }

        if let node = top["server"] { readServer(node, into: &config.server, reader: &reader) }
        if let node = top["platforms"] { readPlatforms(node, into: &config.platforms, reader: &reader) }
        config.skills = readList(top["skills"], "skills", known: ["id", "name"], reader: &reader) { fields, path, reader in
            guard let id = reader.string(fields["id"], "\(path).id", required: true) else { return nil }
            return Skill(id: .init(id), name: reader.string(fields["name"], "\(path).name") ?? id)
        }
        readChannels(top["channels"], into: &config, reader: &reader)
        config.workgroups = readList(top["workgroups"], "workgroups",
                                     known: ["id", "name", "required_skills", "service_level_seconds", "service_level_target", "routing", "calendar"],
                                     reader: &reader, read: readWorkgroup)
        config.agents = readList(top["agents"], "agents", known: agentKeys, reader: &reader, read: readAgent)
        config.calendars = readList(top["calendars"], "calendars", known: calendarKeys, reader: &reader, read: readCalendar)
        config.wrapUpCodes = readList(top["wrap_up_codes"], "wrap_up_codes", known: ["id", "name", "active"], reader: &reader) { fields, path, reader in
            guard let name = reader.string(fields["name"], "\(path).name", required: true) else { return nil }
            return WrapUpCode(id: .init(reader.string(fields["id"], "\(path).id") ?? slug(name)), name: name,
                              active: reader.bool(fields["active"], "\(path).active") ?? true)
        }
        config.notReadyReasons = readList(top["not_ready_reasons"], "not_ready_reasons", known: ["id", "name", "active"], reader: &reader) { fields, path, reader in
            guard let name = reader.string(fields["name"], "\(path).name", required: true) else { return nil }
            let reason = NotReadyReason(id: .init(reader.string(fields["id"], "\(path).id") ?? slug(name)), name: name,
                                        active: reader.bool(fields["active"], "\(path).active") ?? true)
            // Parley sets these itself (a missed offer, a desktop gone): switched off, it would go on setting them.
            if !reason.active, [NotReadyReason.rona.id, NotReadyReason.disconnected.id].contains(reason.id) {
                reader.error(fields["active"], "\(path).active", "'\(reason.id)' is set by Parley itself and cannot be switched off; rename it instead")
            }
            return reason
        }
        config.standardResponses = readList(top["standard_responses"], "standard_responses", known: standardResponseKeys,
                                            reader: &reader, read: readStandardResponse)
        checkStandardResponses(top: top, reader: &reader)
        if let node = top["reports"] { config.reports = readReports(node, workgroups: Set(config.workgroups.map(\.id.rawValue)), reader: &reader) }
        checkReferences(config, top: top, reader: &reader)
        return Result(config: config, diagnostics: reader.diagnostics)
    }

    private static func readWorkgroup(_ fields: [String: Node], _ path: String, _ reader: inout YAMLReader) -> Workgroup? {
        let id = reader.string(fields["id"], "\(path).id", required: true)
        var workgroup = Workgroup(id: .init(id ?? ""), name: reader.string(fields["name"], "\(path).name") ?? id ?? "")
        workgroup.requiredSkills = reader.sequence(fields["required_skills"], "\(path).required_skills").enumerated().compactMap { index, node in
            let itemPath = "\(path).required_skills[\(index)]"
            guard let item = reader.mapping(node, itemPath, known: ["skill", "proficiency", "maximum"]),
                let skill = reader.string(item["skill"], "\(itemPath).skill", required: true) else { return nil }
            return SkillLevel(skill: .init(skill), proficiency: reader.int(item["proficiency"], "\(itemPath).proficiency", range: 1...5) ?? 1,
                              maximum: reader.int(item["maximum"], "\(itemPath).maximum", range: 1...5))
        }
        workgroup.serviceLevelSeconds = reader.duration(fields["service_level_seconds"], "\(path).service_level_seconds") ?? workgroup.serviceLevelSeconds
        workgroup.serviceLevelTarget = reader.double(fields["service_level_target"], "\(path).service_level_target", range: 0...1) ?? workgroup.serviceLevelTarget
        workgroup.routing = readRouting(fields["routing"], "\(path).routing", &reader)
        workgroup.calendarID = reader.string(fields["calendar"], "\(path).calendar").map { .init($0) }
        return id == nil ? nil : workgroup
    }

    static func readList<T>(
        _ node: Node?, _ path: String, known: [String], reader: inout YAMLReader,
        read: (_ fields: [String: Node], _ path: String, _ reader: inout YAMLReader) -> T?
    ) -> [T] {
        reader.sequence(node, path).enumerated().compactMap { index, item in
            let itemPath = "\(path)[\(index)]"
            guard let fields = reader.mapping(item, itemPath, known: known) else { return nil }
            reader.currentItem = item
            defer { reader.currentItem = nil }
            return read(fields, itemPath, &reader)
        }
    }

    private static func syntaxDiagnostic(_ error: YamlError) -> ConfigDiagnostic {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return ConfigDiagnostic(.error, line: mark.line, path: "", "YAML syntax: \(problem)")
        case .duplicatedKeysInMapping(let keys, let context):
            return ConfigDiagnostic(.error, line: context.mark.line, path: "", "duplicate keys: \(keys.joined(separator: ", "))")
        default:
            return ConfigDiagnostic(.error, line: nil, path: "", "YAML: \(error)")
        }
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
