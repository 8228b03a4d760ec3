import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Sandbox
import Storage
import Testing

/// An agent attaches an image they uploaded to Parley: on WhatsApp and Messenger it goes through Meta's media
/// API first (multipart upload, then a send naming the id Meta answered with), so Meta never fetches a URL on
/// Parley; where a platform has no such API the reply is refused with what to do instead.
@Suite struct MediaUploadFlowTests {
    typealias World = MetaSurfaceWorld
    /// A real 1×1 PNG.
    static let png = Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")!

    static func upload(_ world: World, _ bytes: Data, type: String) async throws -> TestResponse {
        var headers = world.ann.headers()
        headers[.contentType] = type
        return try await world.parley.execute(uri: "/api/v1/uploads", method: .post, headers: headers, body: ByteBuffer(bytes: bytes))
    }

    static func replyWithImage(_ world: World, _ interaction: String, url: String, text: String? = nil) async throws -> TestResponse {
        let caption = text.map { #""text":"\#($0)","# } ?? ""
        return try await world.parley.execute(uri: "/api/v1/interactions/\(interaction)/messages", method: .post, headers: world.ann.headers(json: true),
                                              body: ByteBuffer(string: #"{\#(caption)"attachments":[{"kind":"image","url":"\#(url)"}]}"#))
    }

    /// The bytes the sandbox keeps for an uploaded media id (its CDN needs no token).
    static func uploadedBytes(_ world: World, _ id: String) async throws -> Data {
        let response = try await world.control.execute(uri: "/_sandbox/cdn/\(id)/file", method: .get, headers: [:])
        #expect(response.status == .ok)
        return Data(response.body.readableBytesView)
    }

    @Test func anUploadedImageGoesToWhatsAppThroughItsMediaAPI() async throws {
        try await World.run { world in
            let uploaded = try await Self.upload(world, Self.png, type: "image/png")
            #expect(uploaded.status == .created, "\(uploaded.text)")
            let url = try #require(try uploaded.json()["url"] as? String)
            #expect(url.hasPrefix("/messenger/uploads/") && url.hasSuffix(".png"))

            try await world.traffic(#"{"scenario": "whatsapp_conversation"}"#)
            let id = try await world.accept(channel: "wa", thread: "conversation:")
            let reply = try await Self.replyWithImage(world, id, url: url, text: "Here is your return label")
            #expect(reply.status == .created, "\(reply.text)")
            let sent = try await world.settled(.init(try #require(try reply.json()["id"] as? String)))
            #expect(sent.deliveryStatus == .sent, "\(sent)")

            let upload = try #require(await world.calls(path: "/\(World.number)/media").first)
            #expect(upload.headers["authorization"] == "Bearer wa-token")
            #expect(upload.headers["content-type"]?.hasPrefix("multipart/form-data; boundary=") == true)
            let send = World.body(await world.calls(path: "/\(World.number)/messages").last)
            #expect(send["type"].string == "image" && send["image"]["caption"].string == "Here is your return label")
            let mediaID = try #require(send["image"]["id"].string)
            #expect(!send["image"]["link"].exists, "the send names the uploaded media, no URL on Parley")
            #expect(try await Self.uploadedBytes(world, mediaID) == Self.png, "the image arrived byte for byte")
        }
    }

    @Test func anUploadedImageGoesToMessengerAsAnAttachmentAndNotToInstagram() async throws {
        try await World.run { world in
            let url = try #require(try await Self.upload(world, Self.png, type: "image/png").json()["url"] as? String)
            #expect(try await world.traffic(#"{"source": "meta"}"#)["kinds"]["messenger.text"].int == 1)
            let id = try await world.accept(channel: "dm", thread: "conversation:")
            let reply = try await Self.replyWithImage(world, id, url: url)
            #expect(reply.status == .created, "\(reply.text)")
            let sent = try await world.settled(.init(try #require(try reply.json()["id"] as? String)))
            #expect(sent.deliveryStatus == .sent, "\(sent)")
            let upload = try #require(await world.calls(path: "/me/message_attachments").first)
            #expect(upload.headers["authorization"] == "Bearer page-token")
            let payload = World.body(await world.calls(path: "/\(World.page)/messages").last)["message"]["attachment"]
            #expect(payload["type"].string == "image" && !payload["payload"]["url"].exists)
            let attachmentID = try #require(payload["payload"]["attachment_id"].string)
            #expect(try await Self.uploadedBytes(world, attachmentID) == Self.png)

            // Instagram has no upload step in Parley: the agent is told to attach a public URL instead, before anything is sent.
            try await world.traffic(#"{"scenario": "instagram_conversation"}"#)
            let dm = try await world.accept(channel: "ig", thread: "conversation:")
            let refused = try await Self.replyWithImage(world, dm, url: url)
            #expect(refused.status == .unprocessableContent && refused.text.contains("public https URL"), "\(refused.text)")
        }
    }

    @Test func onlyRealImagesAreTaken() async throws {
        try await World.run { world in
            let fake = try await Self.upload(world, Data("<script>alert(1)</script>".utf8), type: "image/png")
            #expect(fake.status == .unsupportedMediaType, "\(fake.text)")
            let pdf = try await Self.upload(world, Data("%PDF-1.4".utf8), type: "application/pdf")
            #expect(pdf.status == .unsupportedMediaType)
            let empty = try await Self.upload(world, Data(), type: "image/png")
            #expect(empty.status == .badRequest)
            let huge = try await Self.upload(world, Self.png + Data(count: 3 * 1024 * 1024), type: "image/png")
            #expect(huge.status == .contentTooLarge)
        }
    }
}
