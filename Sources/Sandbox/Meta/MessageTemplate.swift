import Foundation

/// A WhatsApp message template as `GET /{waba-id}/message_templates` lists it. The sandbox holds a default set
/// (replaced with `PUT /_sandbox/meta/templates`); a template send must name one of them, in its language, with
/// as many body parameters as its body has placeholders (`{{1}}`, `{{2}}`…).
struct MessageTemplate: Codable, Sendable, Equatable {
    struct Component: Codable, Sendable, Equatable {
        var type: String
        var format: String?
        var text: String?
        var buttons: [Button]?
    }

    struct Button: Codable, Sendable, Equatable {
        var type: String
        var text: String
    }

    var name: String
    var language: String
    var status: String?
    var category: String?
    var components: [Component]
    var id: String?

    /// The number of distinct placeholders in the body text: what a send must fill.
    var bodyParameters: Int {
        let body = components.first { $0.type.uppercased() == "BODY" }?.text ?? ""
        return Set(body.matches(of: /\{\{([0-9]+)\}\}/).map { String($0.output.1) }).count
    }

    var isApproved: Bool { (status ?? "APPROVED") == "APPROVED" }

    func json(index: Int) -> [String: Any] {
        let components = components.map { component -> [String: Any] in
            var object: [String: Any] = ["type": component.type]
            object["format"] = component.format
            object["text"] = component.text
            object["buttons"] = component.buttons?.map { ["type": $0.type, "text": $0.text] }
            return object
        }
        return ["name": name, "language": language, "status": status ?? "APPROVED", "category": category ?? "UTILITY",
                "components": components, "id": id ?? String(1_205_000_000_000_000 + index)]
    }

    /// The body parameters a send's `template.components` carries.
    static func bodyParameters(in components: Any?) -> Int {
        guard let components = components as? [[String: Any]] else { return 0 }
        return components.filter { ($0["type"] as? String)?.lowercased() == "body" }
            .reduce(0) { $0 + (($1["parameters"] as? [Any])?.count ?? 0) }
    }

    static let defaults: [MessageTemplate] = [
        MessageTemplate(name: "order_update", language: "en_US", status: "APPROVED", category: "UTILITY", components: [
            Component(type: "HEADER", format: "TEXT", text: "Your order"),
            Component(type: "BODY", text: "Good news! Order {{1}} is on its way. Reply to this message if anything looks wrong."),
            Component(type: "FOOTER", text: "Acme customer care"),
            Component(type: "BUTTONS", buttons: [Button(type: "QUICK_REPLY", text: "Thanks"), Button(type: "QUICK_REPLY", text: "Talk to an agent")]),
        ]),
        MessageTemplate(name: "order_update", language: "es_ES", status: "APPROVED", category: "UTILITY", components: [
            Component(type: "BODY", text: "¡Buenas noticias! El pedido {{1}} ya está en camino. Responde a este mensaje si algo no cuadra."),
        ]),
        MessageTemplate(name: "appointment_reminder", language: "en_US", status: "APPROVED", category: "UTILITY", components: [
            Component(type: "BODY", text: "Hi {{1}}, this is a reminder of your appointment on {{2}}. Reply YES to confirm or CHANGE to pick another time."),
        ]),
        MessageTemplate(name: "conversation_follow_up", language: "en_US", status: "APPROVED", category: "UTILITY", components: [
            Component(type: "BODY", text: "We're sorry we missed you. Reply to this message and an agent will pick up your conversation."),
        ]),
    ]
}
