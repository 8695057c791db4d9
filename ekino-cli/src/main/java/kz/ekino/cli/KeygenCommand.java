package kz.ekino.cli;

import java.io.PrintWriter;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
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
        "PREFIX names the files, not a directory: --out keys/ or an existing directory is "
            + "refused; use --out keys/registry.",
        "Existing files are never overwritten unless --force is given; links never are."})
final class KeygenCommand implements Callable<Integer> {
  private final PrintWriter out;

  @Option(names = "--alg", defaultValue = "ed25519", paramLabel = "ed25519|es256",
      description = "Signature algorithm (default: ${DEFAULT-VALUE}).")
  private String algorithm;

  @Option(names = "--out", required = true, paramLabel = "PREFIX",
      description = "Path prefix of the two files to write, such as keys/registry (which "
          + "writes keys/registry.key.pem and keys/registry.pub.pem).")
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
    checkPrefix(prefix);
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

  /**
   * Refuses a prefix that names a directory. Appending to it would make hidden files named
   * {@code .key.pem}; choosing a name would have to guess the key's role (registry, root,
   * vendor or witness), and a private key under the wrong role's name is worse than a refusal.
   */
  private static void checkPrefix(String prefix) {
    Path asGiven;
    try {
      asGiven = Path.of(prefix);
    } catch (InvalidPathException e) {
      throw new CliException("--out: not a usable path: '" + prefix + "'");
    }
    boolean endsInSeparator = prefix.endsWith("/") || prefix.endsWith(File.separator);
    if (prefix.isEmpty() || endsInSeparator || Files.isDirectory(asGiven)) {
      String example = prefix.isEmpty() ? "registry"
          : endsInSeparator ? prefix + "registry" : prefix + File.separator + "registry";
      throw new CliException("--out " + (prefix.isEmpty() ? "''" : prefix) + " is a directory, "
          + "not a file name prefix; give one such as --out " + example + " (writes "
          + example + ".key.pem and " + example + ".pub.pem)");
    }
  }
}
