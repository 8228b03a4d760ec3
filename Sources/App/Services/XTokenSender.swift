import Connectors
import Domain

/// Adds the keeper to sends on OAuth X channels: the token is refreshed before a send when due; a send X answers
/// 401 refreshes it and goes back to the outbox as retryable (the retry sends once, with the new token); while no
/// usable token can be had the reply stays queued with the reason, nothing is lost.
struct XTokenSender: PlatformSender {
    let inner: any PlatformSender
    let keeper: XTokenKeeper

    func send(_ dispatch: OutboxDispatch) async -> SendOutcome {
        let channel = dispatch.channel
        guard keeper.manages(channel) else { return await inner.send(dispatch) }
        await keeper.ensureFresh(channel)
        guard let token = keeper.accessToken(for: channel), keeper.usable(channel) else {
            return .retryable(reason: keeper.waitingReason(channel) ?? "no usable X access token")
        }
        let outcome = await inner.send(dispatch)
        guard case .unauthorized(let reason) = outcome else { return outcome }
        if await keeper.refreshAfterRejection(channel, rejected: token) {
            return .retryable(reason: "X refused the access token (\(reason)); refreshed it, sending again")
        }
        return .retryable(reason: keeper.waitingReason(channel) ?? "X refused the access token (\(reason))")
    }
}
