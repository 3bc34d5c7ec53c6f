import Testing
@testable import Console
@Test func placeholder() {}
