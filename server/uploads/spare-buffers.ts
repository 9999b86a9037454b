/**
 * Part buffers kept from one POST /v1/upload for the next (issue #16). Freeing a 5 MiB buffer is what made the
 * server's memory creep from one GiB to the next: glibc serves such a buffer with mmap at first, and freeing it
 * raises its mmap threshold to the buffer's size for good, so the next upload's parts come from the heap, among the
 * HTTP parser's 64 KiB body chunks, which glibc then keeps (bench/dashboard/README.md). Kept buffers are never freed,
 * so that never happens: the memory stays what one upload needs, a few buffers, mapped once.
 */
export class SpareBuffers {
  private readonly kept: Buffer[] = [];
  readonly size: number;
  private readonly keep: number;

  /** Keeps at most `keep` buffers of `size` bytes (more than that, from uploads at once, are let go). */
  constructor(size: number, keep: number) {
    this.size = size;
    this.keep = keep;
  }

  take(size: number): Buffer | undefined {
    return size === this.size ? this.kept.pop() : undefined;
  }

  give(buffer: Buffer): void {
    if (buffer.length === this.size && this.kept.length < this.keep) this.kept.push(buffer);
  }

  get count(): number {
    return this.kept.length;
  }
}
