import Domain
import Foundation
import Testing

@testable import Connectors

@Suite struct SignatureTests {
    let secret = "app-secret"

    @Test func metaSignatureIsVerifiedOverTheEscapedRawBytes() throws {
        let body = try Fixture.data("meta_escaped.json")
        let scheme = WebhookSignature.of(.meta)
        let header = scheme.sign(body, secret: secret)
        #expect(header.hasPrefix("sha256="))
        #expect(scheme.verify(body, headerValue: header, secret: secret))

        // The same content re-serialised with literal UTF-8 no longer matches the signature.
        let object = try JSONSerialization.jsonObject(with: body)
        let reencoded = try JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes])
        #expect(reencoded != body)
        #expect(!scheme.verify(reencoded, headerValue: header, secret: secret))
    }

    @Test func signatureEdgeCasesAreRejected() {
        let body = Data("{}".utf8)
        let scheme = WebhookSignature.of(.meta)
        let good = scheme.sign(body, secret: secret)
        #expect(!scheme.verify(body, headerValue: nil, secret: secret))
        #expect(!scheme.verify(body, headerValue: "", secret: secret))
        #expect(!scheme.verify(body, headerValue: good.replacingOccurrences(of: "sha256=", with: "sha1="), secret: secret))
        #expect(!scheme.verify(body, headerValue: good.uppercased(), secret: secret), "the prefix is case-sensitive")
        #expect(scheme.verify(body, headerValue: "sha256=" + good.dropFirst(7).uppercased(), secret: secret), "hex digits are not")
        #expect(!scheme.verify(body, headerValue: good + "00", secret: secret))
        #expect(!scheme.verify(body, headerValue: good, secret: "other"))
        #expect(!scheme.verify(body + Data("\n".utf8), headerValue: good, secret: secret))
        // hex where base64 is expected, and the other way round
        #expect(!WebhookSignature.of(.x).verify(body, headerValue: good, secret: secret))
        #expect(!scheme.verify(body, headerValue: WebhookSignature.of(.x).sign(body, secret: secret), secret: secret))
    }

    @Test func lineSignatureIsBareBase64() {
        let body = Data(#"{"destination":"U1","events":[]}"#.utf8)
        let header = WebhookSignature.of(.line).sign(body, secret: secret)
        #expect(!header.hasPrefix("sha256="))
        #expect(Data(base64Encoded: header)?.count == 32)
        #expect(WebhookSignature.of(.line).verify(body, headerValue: header, secret: secret))
    }

    @Test func metaHandshakeEchoesTheChallengeOnlyForTheRightToken() {
        let query = ["hub.mode": "subscribe", "hub.verify_token": "tok", "hub.challenge": "1158201444"]
        #expect(Handshake.meta(query: query, verifyToken: "tok") == .text("1158201444"))
        #expect(Handshake.meta(query: query, verifyToken: "other") == .forbidden)
        #expect(Handshake.meta(query: query, verifyToken: nil) == .forbidden)
        #expect(Handshake.meta(query: [:], verifyToken: "tok") == .notAHandshake)
    }

    @Test func xCRCAnswerIsTheBase64HMACOfTheToken() {
        // Golden value: base64(HMAC-SHA256(key: "secret", message: "token")), computed independently with Python's hmac.
        #expect(Handshake.xCRC(query: ["crc_token": "token"], consumerSecret: "secret")
            == .json(#"{"response_token":"sha256=6UERDj0r/oJiHw4+FDRzDXMF0QbF9oyHFl0LJ6RhGko="}"#))
    }

    @Test func theDataAndGenericFormsSignAndVerifyAlike() throws {
        let body = try Fixture.data("meta_escaped.json")
        for source in WebhookSource.allCases {
            let scheme = WebhookSignature.of(source)
            let header = scheme.sign(body, secret: secret)
            #expect(scheme.sign(Array(body), secret: secret) == header)
            #expect(scheme.sign(body[...], secret: secret) == header)
            #expect(scheme.verify(Array(body), headerValue: header, secret: secret))
            #expect(scheme.verify(body, headerValue: header, secret: secret))
            #expect(!scheme.verify(Array(body.dropLast()), headerValue: header, secret: secret))
            #expect(!scheme.verify(body, headerValue: header, secret: secret + "x"))
        }
    }
}
