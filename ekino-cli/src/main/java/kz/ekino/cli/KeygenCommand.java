package kz.ekino.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import kz.ekino.core.key.Algorithm;
import kz.ekino.core.key.SigningKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "keygen", mixinStandardHelpOptions = true,
    description = {"Generates a key pair: PREFIX.key.pem (PKCS#8 v1 as OpenSSL writes it, "
        + "private, mode 600) and PREFIX.pub.pem (SubjectPublicKeyInfo). Prints the key id in "
        + "hex.",
        "Existing files are never overwritten unless --force is given; links never are."})
final class KeygenCommand implements Callable<Integer> {
  private final PrintWriter out;

  @Option(names = "--alg", defaultValue = "ed25519", paramLabel = "ed25519|es256",
      description = "Signature algorithm (default: ${DEFAULT-VALUE}).")
  private String algorithm;

  @Option(names = "--out", required = true, paramLabel = "PREFIX",
      description = "Path prefix of the two files to write.")
  private String prefix;

  @Option(names = "--force", description = "Overwrite existing key files.")
  private boolean force;

  KeygenCommand(PrintWriter out) {
    this.out = out;
  }

  @Override
  public Integer call() {
    Algorithm alg;
    try {
      alg = Algorithm.parse(algorithm);
    } catch (IllegalArgumentException e) {
      throw new CliException("--alg: " + e.getMessage());
    }
    Path privatePath = Path.of(prefix + ".key.pem");
    Path publicPath = Path.of(prefix + ".pub.pem");
    // Both checked before either is written, so a refusal leaves no half-made pair.
    OutputFile.checkWritable(privatePath, force, OutputFile.Content.PRIVATE_KEY);
    OutputFile.checkWritable(publicPath, force, OutputFile.Content.PUBLIC_KEY);
    SigningKey key = SigningKey.generate(alg);
    OutputFile.write(privatePath, key.exportPkcs8Pem().getBytes(StandardCharsets.US_ASCII),
        force, OutputFile.Content.PRIVATE_KEY);
    OutputFile.write(publicPath,
        key.verificationKey().toPem().getBytes(StandardCharsets.US_ASCII), force,
        OutputFile.Content.PUBLIC_KEY);
    out.println(key.keyId().toHex());
    return Main.OK;
  }
}
