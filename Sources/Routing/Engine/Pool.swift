import HeapModule

/// A heap with lazy removal: entries are never taken out of the middle; they turn stale when their owner's
/// version moves on and are dropped when they reach the top, or when stale ones outnumber live ones.
struct Pool<Entry: Comparable & Sendable>: Sendable {
    private(set) var heap = Heap<Entry>()
    /// Entries that are still valid.
    var live = 0

    mutating func insert(_ entry: Entry, isValid: (Entry) -> Bool) {
        heap.insert(entry)
        live += 1
        if heap.count > 2 * live + 64 {
            heap = Heap(heap.unordered.filter(isValid))
        }
    }

    /// Drops stale entries from the top, so that the top (if any) is valid.
    mutating func dropStaleTop(isValid: (Entry) -> Bool) {
        while let top = heap.min, !isValid(top) { heap.removeMin() }
    }

    /// The best valid entry passing `accept`, leaving the heap as it was apart from dropped stale entries.
    mutating func first(isValid: (Entry) -> Bool, accept: (Entry) -> Bool = { _ in true }) -> Entry? {
        // The usual case: the top is valid and acceptable, and the heap is not touched.
        while let top = heap.min {
            guard isValid(top) else {
                heap.removeMin()
                continue
            }
            return accept(top) ? top : best(1, isValid: isValid, accept: accept).first
        }
        return nil
    }

    /// Up to `limit` best valid entries passing `accept`, in order.
    mutating func best(_ limit: Int, isValid: (Entry) -> Bool, accept: (Entry) -> Bool) -> [Entry] {
        var found: [Entry] = []
        appendBest(limit, to: &found, isValid: isValid, accept: accept)
        return found
    }

    /// `best`, appended to `found` (a caller's reused buffer).
    mutating func appendBest(_ limit: Int, to found: inout [Entry], isValid: (Entry) -> Bool, accept: (Entry) -> Bool) {
        let start = found.count
        var skipped: [Entry] = []
        while found.count - start < limit, let top = heap.popMin() {
            guard isValid(top) else { continue }
            if accept(top) { found.append(top) } else { skipped.append(top) }
        }
        for entry in found[start...] { heap.insert(entry) }
        for entry in skipped { heap.insert(entry) }
    }
}
