import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Sandbox
import Storage
import Testing

/// X user tokens refreshed by Parley (docs/connectors/x.md) against the sandbox playing X's OAuth 2.0: single-use
/// refresh tokens, expiring access tokens, 401 for an expired one.
@Suite(.serialized) struct XOAuthFlowTests {
    @Test func theFirstSendRefreshesStoresTheRotatedPairSealedAndTheNextRefreshComesBeforeExpiry() async throws {
        try await XOAuthWorld.run { world async throws in
            let ann = try await EngagementAutomationTests.makeAgentReady(world.parley, admin: world.admin)
            let interaction = try await world.mentionAccepted("1850000000000000601", "@acmesupport hello", ann: ann)
            #expect(await world.tokenCalls().isEmpty, "nothing refreshed before there is something to send")
            let sent = try await world.settled(try await world.reply(interaction, "@ann_c Hi, how can we help?", ann: ann))
            #expect(sent.deliveryStatus == .sent, "\(sent.failureReason ?? "")")
            let first = try #require(await world.tokenCalls().first)
            #expect(await world.tokenCalls().count == 1)
            let form = XOAuthWorld.form(first.body)
            #expect(form["grant_type"] == "refresh_token" && form["refresh_token"] == XOAuthWorld.configured && form["client_id"] == XOAuthWorld.client)
            #expect(first.headers["authorization"] == "Basic " + Data("\(XOAuthWorld.client):\(XOAuthWorld.clientSecret)".utf8).base64EncodedString())
            let granted = XSandboxFlowTests.json(first.response)
            let access = try #require(granted["access_token"] as? String)
            let rotated = try #require(granted["refresh_token"] as? String)
            #expect(await world.calls("/2/tweets").map { $0.headers["authorization"] } == ["Bearer \(access)"])
            // Stored at once, sealed: the columns hold no token text.
            let stored = try #require(try await world.stored())
            #expect(stored.accessToken == access && stored.refreshToken == rotated)
            #expect(stored.accessExpiresAt == world.clock.now() + 7200)
            let raw = try #require(try await world.storedRaw())
            #expect(!raw.accessToken.contains(access) && !raw.refreshToken.contains(rotated) && !raw.refreshToken.contains("refresh"))

            // Not due yet: a look changes nothing.
            world.clock.advance(by: 3600)
            await world.refreshes()
            #expect(await world.tokenCalls().count == 1)
            // 96 minutes in, less than a fifth of the two hours is left: refreshed before it expires, with the rotated token.
            world.clock.advance(by: 2200)
            await world.refreshes()
            let calls = await world.tokenCalls()
            #expect(calls.count == 2 && calls.last?.status == 200)
            #expect(XOAuthWorld.form(try #require(calls.last).body)["refresh_token"] == rotated)
            let next = try #require(try await world.stored())
            #expect(next.accessToken != access && next.refreshToken != rotated)
            let again = try await world.settled(try await world.reply(interaction, "@ann_c One more thing", ann: ann))
            #expect(again.deliveryStatus == .sent, "\(again.failureReason ?? "")")
            #expect(await world.calls("/2/tweets").last?.headers["authorization"] == "Bearer \(next.accessToken)")
            #expect(await world.tokenCalls().count == 2)
        }
    }

    @Test func afterARestartTheStoredRotatedRefreshTokenIsUsedNotTheSpentConfiguredOne() async throws {
        let directory = XOAuthWorld.newDirectory()
        let clock = ManualClock(Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded()))
        let sandbox = SandboxState(now: { clock.now() })
        await sandbox.setXOAuth(clients: [XOAuthWorld.client: XOAuthWorld.clientSecret], refreshTokens: [XOAuthWorld.configured])
        try await XOAuthWorld.run(directory: directory, clock: clock, state: sandbox) { world async throws in
            await world.refreshes()
            #expect(await world.tokenCalls().map(\.status) == [200])
        }
        let last = try #require(await sandbox.recordedCalls().last)
        let rotated = try #require(XSandboxFlowTests.json(last.response)["refresh_token"] as? String)
        try await XOAuthWorld.run(directory: directory, clock: clock, state: sandbox) { world async throws in
            // The stored access token is still good: no refresh at start.
            await world.refreshes()
            #expect(await world.tokenCalls().count == 1)
            clock.advance(by: 7300)
            await world.refreshes()
            let calls = await world.tokenCalls()
            #expect(calls.map(\.status) == [200, 200], "the configured token is spent: using it again would be refused")
            let used = try #require(calls.last)
            #expect(XOAuthWorld.form(used.body)["refresh_token"] == rotated)
            let stored = try await world.stored()
            #expect(stored?.accessExpiresAt == clock.now() + 7200)
        }
    }

    @Test func aSendAnswered401RefreshesAndTheReplyIsDeliveredOnce() async throws {
        try await XOAuthWorld.run { world async throws in
            let ann = try await EngagementAutomationTests.makeAgentReady(world.parley, admin: world.admin)
            let interaction = try await world.mentionAccepted("1850000000000000701", "@acmesupport hi", ann: ann)
            #expect(try await world.settled(try await world.reply(interaction, "@ann_c First", ann: ann)).deliveryStatus == .sent)
            // X expires the token earlier than Parley expects (its clock runs ahead): the next send is answered 401.
            await world.sandbox.advanceClock(by: 7300)
            let second = try await world.settled(try await world.reply(interaction, "@ann_c Second", ann: ann), step: 3)
            #expect(second.deliveryStatus == .sent, "\(second.failureReason ?? "")")
            #expect(await world.calls("/2/tweets").map(\.status) == [201, 401, 201])
            #expect(await world.tokenCalls().map(\.status) == [200, 200])
            let created = await world.calls("/2/tweets").filter { $0.status == 201 && $0.body.contains("Second") }
            #expect(created.count == 1, "delivered exactly once")
        }
    }

    @Test func aRefusedRefreshIsShownInTheChannelHealthKeepsTheReplyQueuedAndDoesNotSpin() async throws {
        try await XOAuthWorld.run(refreshTokens: []) { world async throws in
            let ann = try await EngagementAutomationTests.makeAgentReady(world.parley, admin: world.admin)
            let interaction = try await world.mentionAccepted("1850000000000000801", "@acmesupport anyone?", ann: ann)
            let id = try await world.reply(interaction, "@ann_c We are here", ann: ann)
            var refused: [String: Any] = [:]
            for _ in 0..<100 {
                refused = try await world.health()
                if refused["credential"] as? String == "refused" { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(refused["credential"] as? String == "refused" && refused["status"] as? String == "alert", "\(refused)")
            let problems = refused["problems"] as? [String] ?? []
            #expect(problems.contains { $0.contains("X token refresh refused — re-authorise the app (new refresh_token)") && $0.contains("invalid_request") },
                    "\(problems)")
            // The outbox tries again (on its own backoff), the keeper does not ask X again before its own: no spinning.
            let waiting = try await world.settled(id, step: 10, rounds: 20)
            #expect(waiting.deliveryStatus == .pending, "nothing lost: \(waiting.failureReason ?? "")")
            #expect(await world.tokenCalls().map(\.status) == [400])
            #expect(await world.calls("/2/tweets").isEmpty, "no call without a usable token")
            // X takes the token again (say, a confused authorisation was fixed): after the backoff the reply goes, once.
            await world.sandbox.setXOAuth(clients: [XOAuthWorld.client: XOAuthWorld.clientSecret], refreshTokens: [XOAuthWorld.configured])
            let sent = try await world.settled(id, step: 30)
            #expect(sent.deliveryStatus == .sent, "\(sent.failureReason ?? "")")
            #expect(await world.tokenCalls().map(\.status) == [400, 200])
            #expect(await world.calls("/2/tweets").map(\.status) == [201])
            #expect(try await world.health()["credential"] as? String == "ok")
        }
    }

    @Test func aRefreshThatFailsOnTheNetworkSideKeepsUsingTheOldTokenAndTriesAgainAfterABackoff() async throws {
        try await XOAuthWorld.run { world async throws in
            let ann = try await EngagementAutomationTests.makeAgentReady(world.parley, admin: world.admin)
            let interaction = try await world.mentionAccepted("1850000000000000901", "@acmesupport hey", ann: ann)
            #expect(try await world.settled(try await world.reply(interaction, "@ann_c First", ann: ann)).deliveryStatus == .sent)
            let first = try #require(try await world.stored())
            // Due (less than a fifth left) but not expired; X's token endpoint answers 503 once.
            world.clock.advance(by: 5800)
            try await MetaSandboxHarness.control(world.control, .put, "/_sandbox/failure", #"{"mode":"server_error","count":1,"status":503}"#)
            let second = try await world.settled(try await world.reply(interaction, "@ann_c Second", ann: ann))
            #expect(second.deliveryStatus == .sent, "\(second.failureReason ?? "")")
            #expect(await world.tokenCalls().map(\.status) == [200, 503])
            #expect(await world.calls("/2/tweets").map { $0.headers["authorization"] } == ["Bearer \(first.accessToken)", "Bearer \(first.accessToken)"],
                    "the old token still works: the reply does not wait for the refresh")
            // Not again at once: after the backoff.
            await world.refreshes()
            #expect(await world.tokenCalls().count == 2)
            world.clock.advance(by: 6)
            await world.refreshes()
            #expect(await world.tokenCalls().map(\.status) == [200, 503, 200])
            #expect(try await world.stored()?.accessToken != first.accessToken)
        }
    }

    @Test func concurrentRefreshesSpendTheRefreshTokenOnce() async throws {
        try await XOAuthWorld.run { world async throws in
            let refreshes = world.refreshes
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<8 { group.addTask { await refreshes() } }
            }
            #expect(await world.tokenCalls().map(\.status) == [200], "one refresh; a second would have been refused and broken the lineage")
            let stored = try await world.stored()
            #expect(stored != nil)
        }
    }
}
