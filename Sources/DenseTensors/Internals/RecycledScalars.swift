/// The storage of a recycled ``Tensor``: an array drawn from a ``ScratchCache`` that goes back to
/// it when the last tensor sharing this box is dropped.
///
/// The box is the array's only owner while tensors use it, so a tensor that holds the box alone
/// writes in place. `scalars` is mutated only through a uniquely referenced box (the tensor
/// checks with `isKnownUniquelyReferenced`), which is why the class can be `Sendable`.
@usableFromInline
final class RecycledScalars<Scalar: BLASScalar>: @unchecked Sendable {
    @usableFromInline var scalars: [Scalar]
    let cache: ScratchCache

    init(_ scalars: [Scalar], cache: ScratchCache) {
        self.scalars = scalars
        self.cache = cache
    }

    deinit { cache.giveBack(&scalars) }
}
