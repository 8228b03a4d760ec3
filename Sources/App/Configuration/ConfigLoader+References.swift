import Domain
import Yams

extension ConfigLoader {
    /// Duplicate ids and references to skills that are not declared.
    static func checkReferences(_ config: ParleyConfig, top: [String: Node], reader: inout YAMLReader) {
        func duplicates(_ ids: [String], _ path: String) {
            var seen = Set<String>()
            for (index, id) in ids.enumerated() where !seen.insert(id).inserted {
                let node = reader.sequence(top[path], path)[safe: index]
                reader.error(node, "\(path)[\(index)]", "duplicate id '\(id)'")
            }
        }
        duplicates(config.channels.map(\.id.rawValue), "channels")
        duplicates(config.workgroups.map(\.id.rawValue), "workgroups")
        duplicates(config.skills.map(\.id.rawValue), "skills")
        var accounts = Set<String>()
        for (index, channel) in config.channels.enumerated() where !accounts.insert(channel.key.description).inserted {
            reader.error(reader.sequence(top["channels"], "channels")[safe: index], "channels[\(index)]",
                         "another channel already uses \(channel.kind.rawValue) account '\(channel.accountID)'")
        }
        let workgroups = Set(config.workgroups.map(\.id))
        let metaApps = Set(config.platforms.meta.apps.map(\.id))
        for (index, channel) in config.channels.enumerated() {
            let node = reader.sequence(top["channels"], "channels")[safe: index]
            if let workgroup = channel.workgroupID, !workgroups.contains(workgroup) {
                reader.error(node, "channels[\(index)].workgroup", "workgroup '\(workgroup)' is not declared under 'workgroups'")
            }
            if let app = config.channelMetaApps[channel.id] {
                if ![.facebookPage, .messenger, .instagram, .whatsapp].contains(channel.kind) {
                    reader.warning(node, "channels[\(index)].meta_app", "only Facebook, Messenger, Instagram and WhatsApp channels belong to a Meta app")
                } else if !metaApps.contains(app) {
                    reader.error(node, "channels[\(index)].meta_app", "Meta app '\(app)' is not declared under 'platforms.meta.apps'")
                }
            }
        }
        let skills = Set(config.skills.map(\.id))
        for (index, workgroup) in config.workgroups.enumerated() {
            for level in workgroup.requiredSkills where !skills.contains(level.skill) {
                reader.error(reader.sequence(top["workgroups"], "workgroups")[safe: index], "workgroups[\(index)].required_skills",
                             "skill '\(level.skill)' is not declared under 'skills'")
            }
        }
        checkRouting(config, top: top, reader: &reader)
        checkAgents(config, top: top, reader: &reader)
        checkRules(config, top: top, reader: &reader)
        checkAnalysis(config, top: top, reader: &reader)
        checkAutomations(config, top: top, reader: &reader)
        checkOpen(config, top: top, reader: &reader)
        checkLine(config, top: top, reader: &reader)
        checkMonitors(config, top: top, reader: &reader)
        duplicates(config.calendars.map(\.id.rawValue), "calendars")
        let calendars = Set(config.calendars.map(\.id))
        for (index, channel) in config.channels.enumerated() {
            if let calendar = channel.calendarID, !calendars.contains(calendar) {
                reader.error(reader.sequence(top["channels"], "channels")[safe: index], "channels[\(index)].calendar",
                             "calendar '\(calendar)' is not declared under 'calendars'")
            }
        }
        for (index, workgroup) in config.workgroups.enumerated() {
            if let calendar = workgroup.calendarID, !calendars.contains(calendar) {
                reader.error(reader.sequence(top["workgroups"], "workgroups")[safe: index], "workgroups[\(index)].calendar",
                             "calendar '\(calendar)' is not declared under 'calendars'")
            }
        }
    }
}
