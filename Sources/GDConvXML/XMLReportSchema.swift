import Foundation
import GDConvCore
import GDConvLibXML

/// The XML format's names and its XSD, generated from the field registry so the schema can
/// never lack a registry key or list one the registry does not have.
/// `schema/gdconv-report.xsd` is this output; a test fails when the two differ.
public enum XMLReportSchema {
    /// The namespace of every element.
    public static let namespace = "urn:gdconv:report:1"
    /// The format version, the `version` attribute of `<report>`.
    public static let version = 1

    static func esc(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    static func enumeration(_ name: String, _ values: [String], doc: String) -> String {
        var s = "  <xs:simpleType name=\"\(name)\">\n    <xs:annotation><xs:documentation>\(esc(doc))</xs:documentation></xs:annotation>\n    <xs:restriction base=\"xs:string\">\n"
        for v in values { s += "      <xs:enumeration value=\"\(esc(v))\"/>\n" }
        return s + "    </xs:restriction>\n  </xs:simpleType>\n"
    }

    /// The XSD text.
    public static func document(registry: FieldRegistry = .shared) -> String {
        var seen = Set<String>()
        let keys = registry.definitions.map(\.key).filter { seen.insert($0).inserted }
        var s = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- gdconv report, XML format version \(version). Generated from the field registry (fields.tsv) by `gdconv schema xsd`. -->
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="\(namespace)" xmlns="\(namespace)" elementFormDefault="qualified">

        """
        s += enumeration("FieldKey", keys, doc: "Every field key of the registry, both templates.")
        s += enumeration("Template", Template.allCases.map(\.rawValue), doc: "The official template the tables follow.")
        s += enumeration("StandardTable", StandardTable.allCases.map(\.rawValue), doc: "The three standard tables.")
        s += enumeration("SectionKind", SectionKind.allCases.map(\.rawValue), doc: "Which of the six parts a section is.")
        s += enumeration("RowRole", ["header", "data", "unrecognised"], doc: "What a row is to the recogniser.")
        s += """
          <xs:complexType name="Line">
            <xs:annotation><xs:documentation>A line of text; leading/trailing hold the bytes around it in a text source.</xs:documentation></xs:annotation>
            <xs:simpleContent>
              <xs:extension base="xs:string">
                <xs:attribute name="leading" type="xs:string"/>
                <xs:attribute name="trailing" type="xs:string"/>
              </xs:extension>
            </xs:simpleContent>
          </xs:complexType>
          <xs:complexType name="Cell">
            <xs:annotation><xs:documentation>A cell as written; key names the field it holds; before holds the separator bytes of a pipe-row source.</xs:documentation></xs:annotation>
            <xs:simpleContent>
              <xs:extension base="xs:string">
                <xs:attribute name="key" type="FieldKey"/>
                <xs:attribute name="before" type="xs:string"/>
              </xs:extension>
            </xs:simpleContent>
          </xs:complexType>
          <xs:complexType name="Row">
            <xs:sequence>
              <xs:element name="cell" type="Cell" minOccurs="0" maxOccurs="unbounded"/>
            </xs:sequence>
            <xs:attribute name="role" type="RowRole" use="required"/>
            <xs:attribute name="end" type="xs:string"/>
          </xs:complexType>
          <xs:complexType name="Table">
            <xs:sequence>
              <xs:element name="row" type="Row" minOccurs="0" maxOccurs="unbounded"/>
            </xs:sequence>
            <xs:attribute name="kind" type="StandardTable"/>
            <xs:attribute name="source-layout" type="xs:boolean" use="required"/>
            <xs:attribute name="recovered" type="xs:boolean"/>
          </xs:complexType>
          <xs:group name="Blocks">
            <xs:choice>
              <xs:element name="paragraph" type="Line"/>
              <xs:element name="table" type="Table"/>
            </xs:choice>
          </xs:group>
          <xs:complexType name="Section">
            <xs:sequence>
              <xs:element name="heading" type="Line"/>
              <xs:group ref="Blocks" minOccurs="0" maxOccurs="unbounded"/>
            </xs:sequence>
            <xs:attribute name="number" type="xs:positiveInteger"/>
            <xs:attribute name="kind" type="SectionKind" use="required"/>
          </xs:complexType>
          <xs:complexType name="Number">
            <xs:simpleContent>
              <xs:extension base="xs:decimal">
                <xs:attribute name="unit" type="xs:string"/>
              </xs:extension>
            </xs:simpleContent>
          </xs:complexType>
          <xs:complexType name="Field">
            <xs:annotation><xs:documentation>One field of a standard table: its source text and its reading. Edit the source to change a value.</xs:documentation></xs:annotation>
            <xs:sequence>
              <xs:element name="source" type="xs:string"/>
              <xs:choice minOccurs="0">
                <xs:element name="number" type="Number"/>
                <xs:element name="blank"><xs:complexType/></xs:element>
                <xs:element name="placeholder" type="xs:string"/>
                <xs:element name="text" type="xs:string"/>
              </xs:choice>
            </xs:sequence>
            <xs:attribute name="key" type="FieldKey" use="required"/>
            <xs:attribute name="table" type="StandardTable"/>
            <xs:attribute name="group" type="xs:string"/>
            <xs:attribute name="row" type="xs:string"/>
            <xs:attribute name="column" type="xs:string"/>
          </xs:complexType>
          <xs:complexType name="Metadata">
            <xs:sequence>
              <xs:element name="title" type="xs:string" minOccurs="0"/>
              <xs:element name="agency" type="xs:string" minOccurs="0"/>
              <xs:element name="year" type="xs:gYear" minOccurs="0"/>
              <xs:element name="published" type="xs:date" minOccurs="0"/>
            </xs:sequence>
          </xs:complexType>
          <xs:element name="report">
            <xs:complexType>
              <xs:sequence>
                <xs:element name="metadata" type="Metadata"/>
                <xs:element name="fields">
                  <xs:complexType>
                    <xs:sequence>
                      <xs:element name="field" type="Field" minOccurs="0" maxOccurs="unbounded"/>
                    </xs:sequence>
                  </xs:complexType>
                  <xs:unique name="uniqueFieldKey" xmlns:r="\(namespace)">
                    <xs:selector xpath="r:field"/>
                    <xs:field xpath="@key"/>
                  </xs:unique>
                </xs:element>
                <xs:element name="front">
                  <xs:complexType>
                    <xs:sequence>
                      <xs:group ref="Blocks" minOccurs="0" maxOccurs="unbounded"/>
                    </xs:sequence>
                  </xs:complexType>
                </xs:element>
                <xs:element name="section" type="Section" minOccurs="0" maxOccurs="unbounded"/>
              </xs:sequence>
              <xs:attribute name="version" type="xs:positiveInteger" use="required" fixed="\(version)"/>
              <xs:attribute name="template" type="Template" use="required"/>
            </xs:complexType>
          </xs:element>
        </xs:schema>

        """
        return s
    }
}
