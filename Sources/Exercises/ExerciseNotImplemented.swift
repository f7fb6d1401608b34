/// Thrown by an exercise that has not been solved yet; names the exercise.
public struct ExerciseNotImplemented: Error, CustomStringConvertible {
    public let exercise: String
    public init(_ exercise: String) { self.exercise = exercise }
    public var description: String { "\(exercise) is not implemented yet: write your solution in Sources/Exercises" }
}
