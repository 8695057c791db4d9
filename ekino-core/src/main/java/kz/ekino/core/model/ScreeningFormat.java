package kz.ekino.core.model;

/** How a screening is projected. The label is the spelling used in JSON and on screens. */
public enum ScreeningFormat {
  TWO_D("2D"),
  THREE_D("3D"),
  IMAX_2D("IMAX 2D"),
  IMAX_3D("IMAX 3D"),
  FOUR_DX("4DX"),
  SCREEN_X("ScreenX"),
  OTHER("other");

  private final String label;

  ScreeningFormat(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static ScreeningFormat ofLabel(String label) {
    for (ScreeningFormat f : values()) {
      if (f.label.equals(label)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown screening format '" + Text.quote(label)
        + "' (expected 2D, 3D, IMAX 2D, IMAX 3D, 4DX, ScreenX or other)");
  }
}
