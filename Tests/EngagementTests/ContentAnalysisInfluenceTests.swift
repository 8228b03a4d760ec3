import Testing

@testable import Engagement

@Suite struct ContentAnalysisInfluenceTests {
    @Test func unknownWithoutAFollowerCount() {
        #expect(InfluenceScore.score(followers: nil) == nil)
        #expect(InfluenceScore.score(followers: nil, verified: true) == nil)
    }

    @Test func logScaledFromZeroToOneHundred() throws {
        #expect(InfluenceScore.score(followers: 0) == 0)
        #expect(InfluenceScore.score(followers: -5) == 0)
        #expect(abs(try #require(InfluenceScore.score(followers: 999)) - 300.0 / 7) < 1e-9)
        #expect(InfluenceScore.score(followers: 9_999_999) == 100)
        #expect(InfluenceScore.score(followers: Int.max) == 100)
    }

    @Test func verificationAddsTenUpToTheCap() throws {
        #expect(abs(try #require(InfluenceScore.score(followers: 999, verified: true)) - (300.0 / 7 + 10)) < 1e-9)
        #expect(InfluenceScore.score(followers: 0, verified: true) == 10)
        #expect(InfluenceScore.score(followers: 5_000_000, verified: true) == 100)
        #expect(InfluenceScore.score(followers: 10, verified: false) == InfluenceScore.score(followers: 10))
    }
}
