namespace AttendanceTools.Engine.Demo;

/// <summary>
/// The generator's own pseudo-random numbers: xoshiro256** seeded through SplitMix64. Never
/// System.Random, whose sequence may change between runtimes; the demo must be identical for the
/// same seed forever. Each part of the district draws from its own stream (<see cref="For"/>), so
/// adding a draw in one place does not shift every number after it.
/// </summary>
internal sealed class DemoRandom
{
    private ulong _s0, _s1, _s2, _s3;

    private DemoRandom(ulong seed)
    {
        var x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>A stream for one purpose ("students") and one object (a school's index) under the seed.</summary>
    public static DemoRandom For(int seed, string purpose, long index = 0)
    {
        // FNV-1a: a stable string hash (string.GetHashCode differs per process).
        var h = 14695981039346656037UL;
        foreach (var ch in purpose)
        {
            h ^= ch;
            h *= 1099511628211UL;
        }
        var x = ((ulong)(uint)seed * 0x9E3779B97F4A7C15UL) ^ h ^ ((ulong)index * 0xD1B54A32D192ED03UL);
        return new DemoRandom(SplitMix(ref x));
    }

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextULong()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, maxExclusive); 0 when maxExclusive ≤ 1.</summary>
    public int Next(int maxExclusive)
    {
        if (maxExclusive <= 1) return 0;
        // Multiply-shift (Lemire) without the rejection step: the bias is below 2^-32, invisible here.
        return (int)(((NextULong() >> 32) * (ulong)maxExclusive) >> 32);
    }

    /// <summary>Uniform in [min, max] (both inclusive).</summary>
    public int Between(int min, int max) => min + Next(max - min + 1);

    public double Between(double min, double max) => min + (NextDouble() * (max - min));

    public bool Chance(double probability) => NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>Index chosen with the given relative weights.</summary>
    public int Weighted(ReadOnlySpan<int> weights)
    {
        var total = 0;
        foreach (var w in weights) total += w;
        var r = Next(total);
        for (var i = 0; i < weights.Length; i++)
        {
            if (r < weights[i]) return i;
            r -= weights[i];
        }
        return weights.Length - 1;
    }

    /// <summary>A deterministic Fisher–Yates shuffle of 0..count-1.</summary>
    public int[] Permutation(int count)
    {
        var a = new int[count];
        for (var i = 0; i < count; i++) a[i] = i;
        for (var i = count - 1; i > 0; i--)
        {
            var j = Next(i + 1);
            (a[i], a[j]) = (a[j], a[i]);
        }
        return a;
    }
}
