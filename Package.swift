// swift-tools-version: 6.0
// A runnable course on uncertainty quantification for neural networks.
// One executable per lecture (Lectures/NN-name/main.swift), all sharing the libraries in Sources/.

import PackageDescription

/// A lecture executable: its notebook source and woven chapter live in Lectures/`folder`.
func lecture(_ name: String, folder: String) -> Target {
    .executableTarget(
        name: name,
        dependencies: ["Autodiff", "Probability", "NumericalMethods", "NeuralNetworks", "Inference", "Datasets", "Simulators",
                       "Course", "Plotting", "Notebook", .product(name: "ArgumentParser", package: "swift-argument-parser")],
        path: "Lectures/\(folder)",
        exclude: ["README.md"]
    )
}

let package = Package(
    name: "UQCourse",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "mle-bayes", targets: ["mle-bayes"]),
        .executable(name: "metropolis-hastings", targets: ["metropolis-hastings"]),
        .executable(name: "langevin", targets: ["langevin"]),
        .executable(name: "ensembles", targets: ["ensembles"]),
        .executable(name: "swag", targets: ["swag"]),
        .executable(name: "bayes-by-backprop", targets: ["bayes-by-backprop"]),
        .executable(name: "dropout", targets: ["dropout"]),
        .executable(name: "laplace", targets: ["laplace"]),
        .executable(name: "comparison", targets: ["comparison"]),
        .executable(name: "emulator", targets: ["emulator"]),
        .executable(name: "classification", targets: ["classification"]),
        .executable(name: "calibration", targets: ["calibration"]),
        .executable(name: "physics-informed", targets: ["physics-informed"]),
        .executable(name: "course", targets: ["course"]),
        .executable(name: "benchmark", targets: ["benchmark"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // MARK: - Numerical core (no dependencies)

        /// The elementary functions (the same bits on every CPU and C library); Cholesky, the symmetric
        /// eigensolver, the FFT, Φ and Φ⁻¹: plain numerical methods on arrays.
        .target(name: "NumericalMethods", dependencies: ["CKernels"]),
        /// The course's own matrix products: one order of operations on every CPU, thread-safe,
        /// with AVX-512, AVX2 and portable kernels chosen when the program starts.
        .target(name: "CKernels", linkerSettings: [.linkedLibrary("m")]),
        /// glibc's `mallopt` (malloc.h), to keep freed tensors' memory for reuse.
        .systemLibrary(name: "CMalloc"),
        /// Dense `Double` tensors and reverse-mode automatic differentiation.
        .target(
            name: "Autodiff",
            dependencies: ["NumericalMethods", "Probability", "CKernels", "CMalloc"]
        ),
        /// Seeded random number generators and the draws the course needs.
        .target(name: "Probability", dependencies: ["NumericalMethods", "CKernels"]),

        // MARK: - Models and inference

        /// MLPs as pure functions of a flat parameter vector, losses, optimisers.
        .target(name: "NeuralNetworks", dependencies: ["NumericalMethods", "Autodiff", "Probability"]),
        /// The methods, one folder per family: posteriors (exact Bayes, targets), sampling, ensembles
        /// and SWAG, variational methods, metrics. Nothing course-specific: no data sets, no settings.
        .target(name: "Inference", dependencies: ["NumericalMethods", "Autodiff", "Probability", "NeuralNetworks"]),
        /// The PDE solvers the scientific chapters emulate or constrain (Burgers).
        .target(name: "Simulators", dependencies: ["NumericalMethods"]),
        /// Seeded toy data sets and the shipped real data.
        .target(name: "Datasets", dependencies: ["NumericalMethods", "Autodiff", "Probability"], exclude: ["Data/README.md"],
                resources: [.copy("Data/mauna_loa_co2_weekly.csv"), .copy("Data/boston_housing.csv"), .copy("Data/boston_housing_splits.txt"),
                            .copy("Data/digits.csv")]),

        // MARK: - The course layer

        /// Each chapter's experiments as functions of one settings value (what the lecture, its
        /// claims tests and any seed sweep call); the reference posterior; the comparison scenarios.
        .target(name: "Course", dependencies: ["NumericalMethods", "Autodiff", "Probability", "NeuralNetworks", "Inference",
                                               "Datasets", "Simulators", "Plotting"]),

        // MARK: - Figures and notebooks

        /// C++ bridge over gnuplot-iostream: a few `extern "C"` functions.
        .target(
            name: "CGnuplot",
            cxxSettings: [.unsafeFlags(["-Wno-deprecated-declarations"])],
            linkerSettings: [
                .linkedLibrary("boost_iostreams"),
                .linkedLibrary("boost_system"),
                .linkedLibrary("boost_filesystem"),
            ]
        ),
        /// A small figure API (lines, points, bands, heat maps, contours, histograms, panels).
        .target(
            name: "Plotting",
            dependencies: ["CGnuplot"],
            // Its tests read the generated gnuplot script (`@testable`), also in the release build `make test` uses.
            swiftSettings: [.unsafeFlags(["-enable-testing"])]
        ),
        /// What every lecture shares: common options, notebook output, figure output.
        .target(
            name: "Notebook",
            dependencies: [
                "Plotting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        /// The notebook weaver and the student-copy maker.
        .target(name: "Literate"),
        /// Reference solutions of the exercises, between solution markers.
        .target(name: "Exercises", dependencies: ["Autodiff", "Probability", "Inference", "NeuralNetworks", "Course"]),

        // MARK: - Lectures (one executable each; the notebook source is Lectures/NN-name/main.swift)

        lecture("mle-bayes", folder: "01-mle-and-bayes"),
        lecture("metropolis-hastings", folder: "02-metropolis-hastings"),
        lecture("langevin", folder: "03-langevin-dynamics"),
        lecture("ensembles", folder: "04-ensembles"),
        lecture("swag", folder: "05-swag"),
        lecture("bayes-by-backprop", folder: "06-bayes-by-backprop"),
        lecture("dropout", folder: "07-dropout"),
        lecture("laplace", folder: "08-laplace"),
        lecture("comparison", folder: "09-comparison"),
        lecture("calibration", folder: "10-calibration"),
        lecture("classification", folder: "11-classification"),
        lecture("emulator", folder: "12-emulator"),
        lecture("physics-informed", folder: "13-physics-informed"),

        // MARK: - Tools

        .executableTarget(
            name: "course",
            dependencies: ["Literate", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "benchmark",
            dependencies: ["Autodiff", "Probability", "NeuralNetworks", "Inference", "Course",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")],
            exclude: ["peers", "paired.py"]
        ),

        // MARK: - Tests

        .testTarget(name: "AutodiffTests", dependencies: ["Autodiff", "Probability", "NumericalMethods", "CKernels"]),
        .testTarget(name: "ProbabilityTests", dependencies: ["Probability", "NumericalMethods", "CKernels"]),
        .testTarget(name: "NumericalMethodsTests", dependencies: ["NumericalMethods"]),
        .testTarget(name: "SimulatorsTests", dependencies: ["Simulators", "Probability"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "Probability"]),
        .testTarget(name: "NeuralNetworksTests", dependencies: ["NeuralNetworks", "Autodiff", "Probability"]),
        .testTarget(name: "InferenceTests", dependencies: ["Inference", "NumericalMethods", "Autodiff", "Probability", "Datasets", "NeuralNetworks"]),
        .testTarget(name: "CourseTests", dependencies: ["Course", "Inference", "NumericalMethods", "Autodiff", "Probability", "Datasets",
                                                        "Simulators", "NeuralNetworks"]),
        .testTarget(name: "PlottingTests", dependencies: ["Plotting"]),
        .testTarget(name: "LiterateTests", dependencies: ["Literate"]),
        .testTarget(name: "ExercisesTests", dependencies: ["Exercises", "Inference", "Autodiff", "Probability", "Literate", "NeuralNetworks", "Datasets", "Course"]),
        .testTarget(name: "LectureTests", dependencies: ["Literate", "Course", "Inference", "NumericalMethods", "Datasets", "Simulators",
                                                         "Autodiff", "Probability", "NeuralNetworks"],
                    exclude: ["QuickOutputs"]),
    ],
    cxxLanguageStandard: .cxx17
)

/// `Double.squareRoot()` reaches Swift through a C shim, which on Linux keeps C's errno contract:
/// every square root gets a branch to libm's `sqrt` for negative arguments, and no loop with a
/// square root is vectorised (Adam spent 8 µs per step on 2,651 scalar square roots). Without
/// errno the square root is the plain IEEE instruction, correctly rounded as before.
let noMathErrno: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-fno-math-errno"])]

for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + noMathErrno
}
