import Connectors
import Foundation
import Testing

/// X's OAuth 2.0 refresh (docs/connectors/x.md): the form Parley posts, how X's answers read, and when to refresh.
@Suite struct XTokenRefreshTests {
    let start = Date(timeIntervalSince1970: 1_767_225_600)

    @Test func aConfidentialClientPostsTheFormWithBasicAuthentication() {
        let request = XTokenRequest.refresh("rt+1/2=3&x", client: XOAuthClient(id: "M1M5R3BMVy13QmpScXkzTUt5OE46MTpjaQ", secret: "s3cr:et"))
        #expect(String(decoding: request.body, as: UTF8.self)
            == "grant_type=refresh_token&refresh_token=rt%2B1%2F2%3D3%26x&client_id=M1M5R3BMVy13QmpScXkzTUt5OE46MTpjaQ")
        let headers = Dictionary(uniqueKeysWithValues: request.headers)
        #expect(headers["Content-Type"] == "application/x-www-form-urlencoded")
        let basic = try? #require(headers["Authorization"])
        #expect(basic == "Basic " + Data("M1M5R3BMVy13QmpScXkzTUt5OE46MTpjaQ:s3cr:et".utf8).base64EncodedString())
    }

    @Test func aPublicClientSendsOnlyItsIdAndTokensKeepEveryCharacter() {
        let request = XTokenRequest.refresh("a b~c-d_e.f%g", client: XOAuthClient(id: "public-id"))
        #expect(!request.headers.contains { $0.0 == "Authorization" })
        #expect(String(decoding: request.body, as: UTF8.self) == "grant_type=refresh_token&refresh_token=a%20b~c-d_e.f%25g&client_id=public-id")
        #expect(XTokenRequest.formEncoded([("k", "é😀")]) == "k=%C3%A9%F0%9F%98%80")
    }

    @Test func xAnswersReadAsGrantedRefusedOrTemporary() {
        let granted = XTokenAnswer.classify(status: 200, body: Data(#"{"token_type":"bearer","expires_in":7200,"access_token":"at-2","scope":"tweet.read offline.access","refresh_token":"rt-2"}"#.utf8))
        #expect(granted == .granted(accessToken: "at-2", refreshToken: "rt-2", expiresIn: 7200, scope: "tweet.read offline.access"))
        let spent = XTokenAnswer.classify(status: 400, body: Data(#"{"error":"invalid_request","error_description":"Value passed for the token was invalid."}"#.utf8))
        #expect(spent == .refused(reason: "HTTP 400 invalid_request: Value passed for the token was invalid."))
        guard case .refused = XTokenAnswer.classify(status: 401, body: Data(#"{"error":"unauthorized_client","error_description":"Missing valid authorization header"}"#.utf8)) else {
            Issue.record("a refused client is refused")
            return
        }
        #expect(XTokenAnswer.classify(status: 503, body: Data()) == .failed(reason: "HTTP 503 from the token endpoint"))
        #expect(XTokenAnswer.classify(status: 429, body: Data()) == .failed(reason: "HTTP 429 from the token endpoint"))
        #expect(XTokenAnswer.classify(status: 200, body: Data("{}".utf8)) == .failed(reason: "X answered 200 without an access_token"))
        // Without offline.access X gives no refresh token: granted, and the keeper says so.
        #expect(XTokenAnswer.classify(status: 200, body: Data(#"{"access_token":"at","expires_in":60}"#.utf8))
            == .granted(accessToken: "at", refreshToken: nil, expiresIn: 60, scope: nil))
    }

    @Test func aTwoHourTokenIsRefreshedWhenAFifthOfItsLifeRemains() {
        let schedule = XTokenSchedule()
        // 20 % of 2 h is 24 min, more than the 10 min minimum.
        #expect(schedule.refreshAt(issuedAt: start, expiresAt: start + 7200) == start + 7200 - 1440)
        // A 30 min token: 10 min before expiry (20 % would be only 6 min).
        #expect(schedule.refreshAt(issuedAt: start, expiresAt: start + 1800) == start + 1200)
        // A one-minute token (a demo): half-way, never at once and in a loop.
        #expect(schedule.refreshAt(issuedAt: start, expiresAt: start + 60) == start + 30)
        #expect(schedule.nextAttempt(issuedAt: nil, expiresAt: nil, lastFailure: nil) <= start, "no token: at once")
        #expect(schedule.nextAttempt(issuedAt: start, expiresAt: start + 7200, lastFailure: nil) == start + 5760)
    }

    @Test func failuresBackOffAndARefusalWaitsLonger() {
        let schedule = XTokenSchedule()
        #expect((1...8).map { schedule.backoff(.temporary, attempts: $0) } == [5, 10, 20, 40, 80, 160, 300, 300])
        #expect((1...5).map { schedule.backoff(.refused, attempts: $0) } == [300, 600, 1200, 2400, 3600])
        // Without a token, a failed first refresh is tried again after its backoff, not in a loop.
        #expect(schedule.nextAttempt(issuedAt: nil, expiresAt: nil, lastFailure: (.temporary, attempts: 2, at: start)) == start + 10)
        #expect(schedule.nextAttempt(issuedAt: start - 7000, expiresAt: start + 200, lastFailure: (.refused, attempts: 1, at: start)) == start + 300)
    }
}
