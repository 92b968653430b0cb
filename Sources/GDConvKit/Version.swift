/// The gdconv release.
public enum GDConvVersion {
    public static let string = "0.1.0"
}
