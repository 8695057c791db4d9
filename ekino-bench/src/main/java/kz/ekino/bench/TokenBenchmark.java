package kz.ekino.bench;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import kz.ekino.core.internal.Base32;
import kz.ekino.core.internal.CborException;
import kz.ekino.core.cose.CoseSign1;
import kz.ekino.core.internal.Pem;
import kz.ekino.core.internal.Sha256;
import kz.ekino.core.key.Algorithm;
import kz.ekino.core.key.KeyId;
import kz.ekino.core.key.Signer;
import kz.ekino.core.key.SigningKey;
import kz.ekino.core.key.VerificationKey;
import kz.ekino.core.model.Sale;
import kz.ekino.core.testing.Samples;
import kz.ekino.core.testing.TestKeys;
import kz.ekino.core.model.TicketClaims;
import kz.ekino.core.token.TicketToken;
import kz.ekino.core.token.UrlBase;
import kz.ekino.core.token.v1.ClaimsV1;
import kz.ekino.core.trust.TrustList;
import kz.ekino.core.trust.TrustedKey;
import kz.ekino.core.verify.TicketVerifier;
import kz.ekino.core.verify.VerificationPolicy;
import kz.ekino.core.verify.VerifiedTicket;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.bouncycastle.util.BigIntegers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Issuing and verifying a ticket token, against the raw BouncyCastle signature of a message of
 * the same size (the baseline, measured in the same run), and against the same token path built
 * on the JDK's own {@code Signature}.
 *
 * <p>Run: {@code java -jar ekino-bench/target/benchmarks.jar TokenBenchmark} (or
 * {@code ekino-bench/run.sh}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TokenBenchmark {
  @Param({"ED25519", "ES256"})
  public String alg;

  private Sale sale;
  private SigningKey key;
  private UrlBase base;
  private String qrText;
  private VerificationPolicy policy;
  /** The Sig_structure ekino signs for this sale: the baseline signs the same bytes. */
  private byte[] toBeSigned;
  private byte[] signature;
  private byte[] ed25519Secret;
  private byte[] ed25519Public;
  private Ed25519.PublicPoint ed25519Point;
  private ECPrivateKeyParameters ecPrivate;
  private ECPublicKeyParameters ecPublic;
  private Signer jdkSigner;
  private Map<KeyId, PublicKey> jdkTrust;
  private String jdkAlgorithm;

  @Setup
  public void setUp() throws Exception {
    Algorithm a = Algorithm.valueOf(alg);
    String name = a == Algorithm.ED25519 ? TestKeys.REGISTRY_ED25519 : TestKeys.REGISTRY_ES256;
    key = TestKeys.signing(name);
    sale = Samples.sale();
    base = UrlBase.of(UrlBase.DEFAULT);
    TicketToken token = TicketToken.issue(claims(), key);
    qrText = token.qrText(base);
    // A realistic trust list: the registry key among a hundred vendor keys.
    List<TrustedKey> keys = new ArrayList<>();
    keys.add(TrustedKey.registry(key.verificationKey(), Instant.parse("2026-01-01T00:00:00Z"),
        Optional.empty()));
    for (int i = 0; i < 100; i++) {
      keys.add(TrustedKey.vendor(SigningKey.generate(Algorithm.ED25519).verificationKey(),
          Samples.VENDOR, java.util.Set.of(Samples.CINEMA),
          Instant.parse("2026-01-01T00:00:00Z"), Optional.empty()));
    }
    policy = VerificationPolicy.builder(TrustList.of(1, Instant.parse("2026-01-01T00:00:00Z"),
            Instant.parse("2027-01-01T00:00:00Z"), keys),
            Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC))
        .officialBase(base).build();
    CoseSign1.Parsed parsed = CoseSign1.parse(token.bytes());
    toBeSigned = parsed.toBeSigned();
    signature = parsed.signature();

    byte[] pkcs8 = Pem.decode("PRIVATE KEY", TestKeys.pem(name, "key"));
    byte[] spki = key.verificationKey().toSpki();
    if (a == Algorithm.ED25519) {
      ed25519Secret = java.util.Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length);
      ed25519Public = java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length);
      ed25519Point = Ed25519.validatePublicKeyFullExport(ed25519Public, 0);
      jdkAlgorithm = "Ed25519";
    } else {
      ecPrivate = (ECPrivateKeyParameters) PrivateKeyFactory.createKey(pkcs8);
      ecPublic = (ECPublicKeyParameters) PublicKeyFactory.createKey(spki);
      jdkAlgorithm = "SHA256withECDSAinP1363Format";
    }
    String keyFactory = a == Algorithm.ED25519 ? "Ed25519" : "EC";
    PrivateKey jdkPrivate = KeyFactory.getInstance(keyFactory)
        .generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    PublicKey jdkPublic = KeyFactory.getInstance(keyFactory)
        .generatePublic(new X509EncodedKeySpec(spki));
    VerificationKey verificationKey = key.verificationKey();
    String jdkAlg = jdkAlgorithm;
    jdkSigner = new Signer() {
      @Override
      public VerificationKey verificationKey() {
        return verificationKey;
      }

      @Override
      public byte[] sign(byte[] message) {
        try {
          Signature s = Signature.getInstance(jdkAlg);
          s.initSign(jdkPrivate);
          s.update(message);
          return s.sign();
        } catch (java.security.GeneralSecurityException e) {
          throw new IllegalStateException(e);
        }
      }
    };
    jdkTrust = new HashMap<>();
    jdkTrust.put(key.keyId(), jdkPublic);
    if (!(verify() instanceof VerifiedTicket) || verifyJdk() == null || !baselineVerify()) {
      throw new IllegalStateException("benchmark inputs do not verify");
    }
  }

  private TicketClaims claims() {
    return TicketClaims.registered(sale, Samples.SERIAL, Samples.REGISTERED_AT);
  }

  /** Sale → claims → signed COSE token → QR text, with ekino's key. */
  @Benchmark
  public String issue() {
    return TicketToken.issue(claims(), key).qrText(base);
  }

  /** The raw BouncyCastle signature of the same Sig_structure bytes (the baseline). */
  @Benchmark
  public byte[] baselineSign() {
    if (ed25519Secret != null) {
      byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
      Ed25519.sign(ed25519Secret, 0, ed25519Public, 0, toBeSigned, 0, toBeSigned.length, sig, 0);
      return sig;
    }
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, ecPrivate);
    BigInteger[] rs = signer.generateSignature(Sha256.digest(toBeSigned));
    byte[] out = new byte[64];
    BigIntegers.asUnsignedByteArray(rs[0], out, 0, 32);
    BigIntegers.asUnsignedByteArray(rs[1], out, 32, 32);
    return out;
  }

  /** QR text → VerifiedTicket: URL, base32, COSE, trust-list lookup, signature, claims, policy. */
  @Benchmark
  public Object verify() {
    return TicketVerifier.verify(qrText, policy).ticket().orElseThrow();
  }

  /** The raw BouncyCastle verification of the same signature (the baseline). */
  @Benchmark
  public boolean baselineVerify() {
    if (ed25519Point != null) {
      return Ed25519.verify(signature, 0, ed25519Point, toBeSigned, 0, toBeSigned.length);
    }
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, ecPublic);
    return verifier.verifySignature(Sha256.digest(toBeSigned),
        BigIntegers.fromUnsignedByteArray(signature, 0, 32),
        BigIntegers.fromUnsignedByteArray(signature, 32, 32));
  }

  /** The same issuing path with the JDK's {@code Signature} doing the signing. */
  @Benchmark
  public String issueJdk() {
    byte[] token = CoseSign1.sign(ClaimsV1.encode(claims()), jdkSigner);
    return base.prefix() + Base32.encode(token);
  }

  /** The same verifying path with the JDK's {@code Signature} checking the signature. */
  @Benchmark
  public Object verifyJdk() throws Exception {
    byte[] token = Base32.decode(qrText, base.prefix().length(), qrText.length());
    CoseSign1.Parsed parsed = CoseSign1.parse(token);
    PublicKey pub = jdkTrust.get(parsed.keyId());
    Signature s = Signature.getInstance(jdkAlgorithm);
    s.initVerify(pub);
    s.update(parsed.toBeSigned());
    if (!s.verify(parsed.signature())) {
      throw new IllegalStateException("bad signature");
    }
    try {
      return ClaimsV1.decode(parsed.payload());
    } catch (CborException e) {
      throw new IllegalStateException(e);
    }
  }
}
