using System.Globalization;
using System.Numerics;

namespace AttendanceTools.Engine.Aggregation;

/// <summary>
/// An exact fraction, always reduced with a positive denominator (so equal values are equal records).
/// Chronic absenteeism sums day values such as 40/330 and compares the rate with 10 %: in decimal, 99
/// of those days sum to 11.999…, and exactly 10 % would read as not chronic (domain §2.4, §7.5).
/// </summary>
public readonly record struct Rational : IComparable<Rational>
{
    private static readonly BigInteger MaxMantissa = (BigInteger.One << 96) - 1;

    public Rational(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.IsZero) throw new DivideByZeroException("A fraction cannot have a zero denominator.");
        if (denominator.Sign < 0) (numerator, denominator) = (-numerator, -denominator);
        var gcd = BigInteger.GreatestCommonDivisor(numerator, denominator);
        if (!gcd.IsOne && !gcd.IsZero) (numerator, denominator) = (numerator / gcd, denominator / gcd);
        Numerator = numerator;
        _denominatorMinusOne = denominator - 1;
    }

    // Stored minus one so that default(Rational) is 0/1.
    private readonly BigInteger _denominatorMinusOne;

    public BigInteger Numerator { get; }
    public BigInteger Denominator => _denominatorMinusOne + 1;

    public static readonly Rational Zero;

    public static implicit operator Rational(int value) => new(value, 1);

    public static Rational FromDecimal(decimal value)
    {
        var bits = decimal.GetBits(value);
        var mantissa = new BigInteger((uint)bits[0]) | (new BigInteger((uint)bits[1]) << 32) | (new BigInteger((uint)bits[2]) << 64);
        var scale = (bits[3] >> 16) & 0xFF;
        if (value < 0) mantissa = -mantissa;
        return new Rational(mantissa, BigInteger.Pow(10, scale));
    }

    public static Rational operator +(Rational a, Rational b)
        => new((a.Numerator * b.Denominator) + (b.Numerator * a.Denominator), a.Denominator * b.Denominator);

    public static Rational operator /(Rational a, int b) => new(a.Numerator, a.Denominator * b);

    public static bool operator >=(Rational a, Rational b) => a.CompareTo(b) >= 0;
    public static bool operator <=(Rational a, Rational b) => a.CompareTo(b) <= 0;
    public static bool operator >(Rational a, Rational b) => a.CompareTo(b) > 0;
    public static bool operator <(Rational a, Rational b) => a.CompareTo(b) < 0;

    public int CompareTo(Rational other) => (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);

    /// <summary>
    /// The nearest decimal (28 significant digits at most, half away from zero, no trailing zeros): exact
    /// whenever the fraction has a finite decimal expansion that fits, e.g. 12/120 is 0.1.
    /// </summary>
    public decimal ToDecimal()
    {
        if (Numerator.IsZero) return 0m;
        var magnitude = BigInteger.Abs(Numerator);
        for (var scale = 28; scale >= 0; scale--)
        {
            var scaled = BigInteger.DivRem(magnitude * BigInteger.Pow(10, scale), Denominator, out var remainder);
            if (remainder * 2 >= Denominator) scaled += 1;
            if (scaled > MaxMantissa) continue;
            while (scale > 0 && (scaled % 10).IsZero)
            {
                scaled /= 10;
                scale--;
            }
            var bytes = new byte[16];
            scaled.TryWriteBytes(bytes, out _, isUnsigned: true);
            return new decimal(BitConverter.ToInt32(bytes, 0), BitConverter.ToInt32(bytes, 4), BitConverter.ToInt32(bytes, 8), Numerator.Sign < 0, (byte)scale);
        }
        throw new OverflowException($"The fraction {this} is too large for a decimal.");
    }

    public override string ToString() => Denominator.IsOne
        ? Numerator.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{Numerator}/{Denominator}");
}
