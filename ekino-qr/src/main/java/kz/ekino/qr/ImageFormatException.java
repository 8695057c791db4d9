package kz.ekino.qr;

/** Image bytes that are not a PNG or JPEG this library will decode (corrupt, or too large). */
public final class ImageFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public ImageFormatException(String message) {
    super(message);
  }
}
