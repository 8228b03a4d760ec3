/// A set of slots for the engine's bookkeeping within one command (dirty agents and interactions, agents
/// waiting to be indexed): a list plus a flag per slot, so that insert, remove and membership cost no hashing.
///
/// Iterate `listed` and skip what `contains` denies (a removed slot stays listed until `removeAll`); removing
/// while iterating is fine, inserting is not. Every user picks by a total order (queue rank, agent rank), so
/// the order of the list never changes a decision.
struct SlotSet: Sendable {
    /// Each slot at most once, in order of first insertion since the last `removeAll`.
    private(set) var listed: [Int] = []
    /// Per slot: 0 not listed, 1 listed but removed, 2 member.
    private var flags: [UInt8] = []

    func contains(_ slot: Int) -> Bool { slot < flags.count && flags[slot] == 2 }

    mutating func insert(_ slot: Int) {
        if slot >= flags.count { flags += repeatElement(0, count: max(slot + 1 - flags.count, flags.count, 64)) }
        if flags[slot] == 0 { listed.append(slot) }
        flags[slot] = 2
    }

    mutating func remove(_ slot: Int) {
        if contains(slot) { flags[slot] = 1 }
    }

    mutating func removeAll() {
        for slot in listed { flags[slot] = 0 }
        listed.removeAll(keepingCapacity: true)
    }
}
