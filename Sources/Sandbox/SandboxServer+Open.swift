import Connectors
import Foundation
import Hummingbird
import NIOCore

/// The open channel's reference client on the sandbox (`OpenReferenceClient`):
/// - `POST /open/{integration}` — where Parley posts outbound messages (the integrator URL the sandbox stands for).
/// - `GET /_sandbox/open/received` — every post, with whether its signature held and whether it was a replay.
/// - `PUT /_sandbox/open/failure` — `{"status": 500, "count": 2, "message": "…", "retry_after": 1}` fails the next
///   `count` posts (all if absent); `{"status": 0}` stops failing.
/// - `PUT /_sandbox/open/receipts` — `{"receipts": "none" | "delivered" | "read"}`: receipts sent for each accepted message.
/// - `POST /_sandbox/open/messages` — `{"integration": "open-demo", "from": "cust-1", "name": "Ann", "text": "Hi", "id": "…"}`.
/// - `POST /_sandbox/open/receipts` — `{"integration": "open-demo", "message_id": "…", "status": "read", "reason": "…"}`.
/// - `DELETE /_sandbox/open` — forget posts, failures and the receipt mode.
extension SandboxServer {
    struct OpenFailureCommand: Decodable {
        var status: Int
        var count: Int?
        var message: String?
        var retry_after: Int?
    }

    struct OpenReceiptsMode: Decodable {
        var receipts: String
    }

    struct OpenMessageCommand: Decodable {
        var integration: String?
        var from: String
        var name: String?
        var text: String
        var id: String?
    }

    struct OpenReceiptCommand: Decodable {
        var integration: String?
        var message_id: String
        var status: String
        var reason: String?
    }

    func addOpenRoutes(to router: Router<BasicRequestContext>) {
        let client = open
        let integration = accounts.openIntegration
        router.post("open/:integration") { request, context -> Response in
            let name = try context.parameters.require("integration")
            let body = try await request.body.collect(upTo: 4 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let answer = await client.receive(integration: name, headers: headers, body: Data(buffer: body))
            if let accepted = answer.accepted {
                // As an integrator would: answer first, then report what happened to the message.
                Task {
                    try? await Task.sleep(for: .milliseconds(50))
                    await client.followUp(accepted, integration: name)
                }
            }
            var fields: HTTPFields = [.contentType: "application/json"]
            for (key, value) in answer.headers { if let field = HTTPFields.Element.Name(key) { fields[field] = value } }
            return Response(status: .init(code: answer.status), headers: fields, body: .init(byteBuffer: ByteBuffer(string: answer.body)))
        }
        router.get("_sandbox/open/received") { _, _ -> Response in try jsonResponse(await client.receivedPosts()) }
        router.put("_sandbox/open/failure") { request, context -> HTTPResponse.Status in
            let command = try await request.decode(as: OpenFailureCommand.self, context: context)
            await client.setFailure(command.status == 0 ? nil
                : .init(status: command.status, count: command.count, message: command.message, retryAfter: command.retry_after))
            return .noContent
        }
        router.put("_sandbox/open/receipts") { request, context -> HTTPResponse.Status in
            let command = try await request.decode(as: OpenReceiptsMode.self, context: context)
            guard let mode = OpenReferenceClient.Receipts(rawValue: command.receipts) else {
                throw HTTPError(.badRequest, message: "receipts is none, delivered or read")
            }
            await client.setReceipts(mode)
            return .noContent
        }
        router.post("_sandbox/open/messages") { request, context -> Response in
            let command = try await request.decode(as: OpenMessageCommand.self, context: context)
            return try jsonResponse(try await client.sendMessage(integration: command.integration ?? integration, from: command.from,
                                                                 name: command.name, text: command.text, id: command.id))
        }
        router.post("_sandbox/open/receipts") { request, context -> Response in
            let command = try await request.decode(as: OpenReceiptCommand.self, context: context)
            guard let status = OpenInbound.Receipt.Status(rawValue: command.status) else {
                throw HTTPError(.badRequest, message: "status is delivered, read or failed")
            }
            return try jsonResponse(try await client.sendReceipt(integration: command.integration ?? integration, messageID: command.message_id,
                                                                 status: status, reason: command.reason))
        }
        router.delete("_sandbox/open") { _, _ -> HTTPResponse.Status in
            await client.reset()
            return .noContent
        }
    }
}
