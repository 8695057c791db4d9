/**
 * ekino-qr: prints ticket QR codes (PNG, SVG, text) and reads them back from camera images,
 * straight into the core verifier. ZXing stays inside; its types are not part of the API.
 */
module kz.ekino.qr {
  requires transitive kz.ekino.core;
  requires transitive java.desktop;
  requires com.google.zxing;
  requires static transitive org.jspecify;

  exports kz.ekino.qr;
}
