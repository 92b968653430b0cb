@_exported import GDConvCore
@_exported import GDConvText
@_exported import GDConvJSON
@_exported import GDConvXML
@_exported import GDConvXLSX
@_exported import GDConvHTML
@_exported import GDConvWord
@_exported import GDConvPDF
