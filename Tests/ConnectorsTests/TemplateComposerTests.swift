@testable import Connectors
import Domain
import Foundation
import Testing

/// WhatsApp template sends (platforms.md §4.2): the name, the approved language, the body's parameters.
@Suite struct TemplateComposerTests {
    static func reply(_ kind: ChannelKind = .whatsapp, template: TemplateSend, attachments: [Domain.Attachment] = []) -> OutboundReply {
        let customer = Identity.Key(platform: kind.platform, id: "16505551234")
        var reply = ReplyComposerTests.reply(kind, "106540352242922", thread: .conversation(customer: customer), to: customer,
                                            text: "Good news! Order ORD-1 is on its way.", attachments: attachments, inReplyTo: nil)
        reply.template = template
        return reply
    }

    @Test func aTemplateGoesByNameAndLanguageWithItsBodyParametersInOrder() throws {
        let send = TemplateSend(name: "appointment_reminder", language: "en_US", parameters: ["Rahul", "Tuesday 3 pm"])
        let request = try ReplyComposer.compose(Self.reply(template: send))
        #expect(request.path == "/106540352242922/messages")
        let body = try JSON.parseObject(request.body)
        #expect(body.string("messaging_product") == "whatsapp")
        #expect(body.string("to") == "16505551234")
        #expect(body.string("type") == "template")
        #expect(body["text"] == nil)
        let template = try #require(body.object("template"))
        #expect(template.string("name") == "appointment_reminder")
        #expect(template.object("language")?.string("code") == "en_US")
        #expect(template.object("language")?.string("policy") == "deterministic")
        let components = template.objects("components")
        #expect(components.count == 1)
        #expect(components.first?.string("type") == "body")
        let parameters = components.first?.objects("parameters") ?? []
        #expect(parameters.map { $0.string("type") } == ["text", "text"])
        #expect(parameters.map { $0.string("text") } == ["Rahul", "Tuesday 3 pm"])
    }

    @Test func aTemplateWithoutParametersSendsNoComponents() throws {
        let request = try ReplyComposer.compose(Self.reply(template: TemplateSend(name: "conversation_follow_up", language: "en_US", parameters: [])))
        let template = try #require(try JSON.parseObject(request.body).object("template"))
        #expect(template["components"] == nil)
    }

    @Test func templatesAreWhatsAppsAndTravelAlone() {
        let send = TemplateSend(name: "order_update", language: "en_US", parameters: ["ORD-1"])
        #expect(throws: ComposeError.templateNotAllowed(.line)) { try ReplyComposer.compose(Self.reply(.line, template: send)) }
        let image = Domain.Attachment(kind: .image, url: "https://cdn.example.com/a.png")
        #expect(throws: ComposeError.templateNotAllowed(.whatsapp)) {
            try ReplyComposer.compose(Self.reply(template: send, attachments: [image]))
        }
    }
}
