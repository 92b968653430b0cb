@_exported import GDConvCore
@_exported import GDConvText
