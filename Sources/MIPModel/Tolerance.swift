import CommunityMatch

/// The domain's tolerance (`CommunityMatch.Tolerance`), seen from the model: a backend that imports only
/// MIPModel compares with the same `Tolerance.epsilon` as every other layer.
public typealias Tolerance = CommunityMatch.Tolerance
