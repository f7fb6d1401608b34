import Foundation
import Testing
import Autodiff

// The lecture executables run as a student runs them, in --quick mode.

/// What a lecture executable must do.
struct LectureExecutable: Sendable, CustomTestStringConvertible {
    let name: String
    /// Its own options, besides the common ones.
    let options: [String]
    /// Figure files it writes.
    let figures: [String]
    /// A line its output always contains.
    let resultLine: String
    /// Options that must be refused.
    let badOptions: [[String]]
    var testDescription: String { name }
}

let lectureExecutables = [
    LectureExecutable(name: "mle-bayes", options: ["--steps", "--bumps", "--draws"],
                      figures: ["01-bayesian-updating.png", "01-evidence.png", "01-mle-map-bayes.png", "01-total-variance.png", "01-why-uq.png"],
                      resultLine: "(the MAP weights are the ridge weights)",
                      badOptions: [["--steps", "-5"], ["--draws", "0"], ["--draws", "100000000"], ["--bumps", "1"]]),
    LectureExecutable(name: "metropolis-hastings", options: ["--chains", "--steps", "--hidden"],
                      figures: ["02-bayesian-mlp.png", "02-exactness.png", "02-hastings-correction.png", "02-mh-2d-gaussian.png", "02-proposal-scale.png"],
                      resultLine: "posterior correlation of (w0, w1): exact",
                      badOptions: [["--chains", "0"], ["--steps", "10"], ["--hidden", "0"], ["--hidden", "100000"]]),
    LectureExecutable(name: "langevin", options: ["--chains", "--draws", "--sgld-steps", "--mixture-seed"],
                      figures: ["03-bnn-nuts-sgld.png", "03-first-steps.png", "03-leapfrog.png", "03-nuts-funnel.png", "03-nuts-u-turn.png", "03-nuts-warmup.png",
                               "03-sgld-mixture.png", "03-ula-bias.png"],
                      resultLine: "largest |H − H₀| along the trajectory",
                      badOptions: [["--chains", "1"], ["--draws", "3"], ["--sgld-steps", "10"]]),
    LectureExecutable(name: "ensembles", options: ["--members", "--steps", "--snapshots", "--adversarial-fraction"],
                      figures: ["04-cubic-toy.png", "04-good-ensemble.png", "04-running-example.png", "04-snapshot-restarts.png", "04-snapshot-schedule.png"],
                      resultLine: "parameters kept:",
                      badOptions: [["--members", "0"], ["--members", "-3"], ["--snapshots", "20000"], ["--snapshots", "1"],
                                   ["--adversarial-fraction", "0"], ["--adversarial-fraction", "-0.1"], ["--steps", "5"]]),
    LectureExecutable(name: "swag", options: ["--rank", "--interval", "--iterates", "--learning-rate", "--swags", "--samples"],
                      figures: ["05-predictive.png", "05-running-moments.png", "05-weight-space.png"],
                      resultLine: "NLL of fresh draws",
                      badOptions: [["--rank", "0"], ["--rank", "1"], ["--interval", "0"], ["--iterates", "10"], ["--learning-rate", "0"]]),
    LectureExecutable(name: "bayes-by-backprop", options: ["--epochs", "--batch-size", "--samples", "--mixture-weight", "--sigma1", "--sigma2"],
                      figures: ["06-blundell-toy.png", "06-elbo-terms.png", "06-elbo.png", "06-pruning.png", "06-running-example.png"],
                      resultLine: "squared error on fresh points",
                      badOptions: [["--epochs", "0"], ["--batch-size", "0"], ["--mixture-weight", "1"], ["--mixture-weight", "0"],
                                   ["--sigma1", "0"], ["--sigma2", "-1"]]),
    LectureExecutable(name: "dropout", options: ["--rate", "--passes", "--length-scale", "--steps"],
                      figures: ["07-mauna-loa.png", "07-running-example.png", "07-variational-dropout.png"],
                      resultLine: "weights with ln α > 3 after training",
                      badOptions: [["--rate", "1"], ["--rate", "-0.1"], ["--passes", "0"], ["--length-scale", "0"], ["--length-scale", "-2"]]),
    LectureExecutable(name: "laplace", options: ["--map-steps", "--sinusoid-steps", "--points", "--draws"],
                      figures: ["08-heteroscedastic.png", "08-running-example.png", "08-sinusoid.png"],
                      resultLine: "tuned by the evidence: s² = ",
                      badOptions: [["--map-steps", "0"], ["--sinusoid-steps", "10"], ["--points", "1"], ["--draws", "0"], ["--draws", "-3"]]),
    LectureExecutable(name: "comparison", options: ["--csv", "--target", "--splits", "--json", "--epochs", "--split-count", "--max-steps", "--calibrate"],
                      figures: ["09-calibration.png", "09-distance.png", "09-running-example.png"],
                      resultLine: "paired over the seeds (a tie: ",
                      badOptions: [["--csv", "x.csv"], ["--target", "y"], ["--splits", "s.txt"], ["--epochs", "0"], ["--max-steps", "0"], ["--split-count", "3"],
                                   ["--csv", "/nonexistent.csv", "--target", "y"], ["--calibrate"]]),
    LectureExecutable(name: "emulator", options: ["--trajectories", "--steps", "--members", "--tests", "--tolerance"],
                      figures: ["12-error-and-spread.png", "12-flagging.png", "12-initial-conditions.png", "12-space-time.png"],
                      resultLine: "deep ensemble: one-step RMS error in distribution",
                      badOptions: [["--trajectories", "1"], ["--steps", "5"], ["--members", "1"], ["--members", "1000"], ["--tests", "0"], ["--tolerance", "0"]]),
    LectureExecutable(name: "calibration", options: ["--alpha", "--splits", "--resplits", "--step-size"],
                      figures: ["10-adaptive.png", "10-boston-calibration.png", "10-conditional-coverage.png"],
                      resultLine: "jackknife+'s guarantee: coverage ≥ 1 − 2α",
                      badOptions: [["--alpha", "0"], ["--alpha", "0.7"], ["--splits", "0"], ["--splits", "21"], ["--resplits", "5"], ["--step-size", "0"]]),
    LectureExecutable(name: "classification", options: ["--members", "--passes", "--dropout-rate", "--draws", "--sweep-seeds", "--csv", "--target", "--splits", "--json"],
                      figures: ["11-reliability.png", "11-shift.png", "11-two-moons.png"],
                      resultLine: "AUROC of the mutual information",
                      badOptions: [["--members", "1"], ["--members", "1000"], ["--passes", "0"], ["--dropout-rate", "0"], ["--dropout-rate", "1"],
                                   ["--draws", "5"], ["--sweep-seeds", "1"], ["--csv", "x.csv"], ["--target", "y"], ["--splits", "3"], ["--json"],
                                   ["--csv", "/nonexistent.csv", "--target", "y"], ["--csv", "x.csv", "--target", "y", "--splits", "1"]]),
    LectureExecutable(name: "physics-informed", options: ["--draws", "--tree-depth", "--members", "--sweep-seeds"],
                      figures: ["13-convergence.png", "13-forward.png", "13-inverse.png", "13-physics-vs-data.png"],
                      resultLine: "95% interval holds 0.7",
                      badOptions: [["--draws", "5"], ["--tree-depth", "0"], ["--tree-depth", "13"], ["--members", "1"], ["--members", "1000"], ["--sweep-seeds", "0"]]),
]

let commonBadOptions = [
    ["--terminal", "jpeg"],
    ["--seed", "minus-one"],
    ["--figures-dir", "/proc/cannot-write-here"],
    ["--no-such-option"],
]

@Suite(.serialized) struct LectureExecutables {
    @Test(arguments: lectureExecutables)
    func helpListsEveryOption(_ lecture: LectureExecutable) throws {
        let r = try run(lecture.name, ["--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("USAGE: \(lecture.name) "), "--help names the command: \(r.stdout.prefix(80))")
        for option in ["--seed", "--quick", "--figures-dir", "--terminal", "--help"] + lecture.options {
            #expect(r.stdout.contains(option), "\(lecture.name) --help does not mention \(option)")
        }
    }

    /// Another seed, other numbers (the same seed giving the same bytes is the committed-output
    /// test below: a run compared with one made in another process, another day).
    @Test(arguments: lectureExecutables)
    func anotherSeedGivesAnotherOutput(_ lecture: LectureExecutable) throws {
        let r = try run(lecture.name, ["--quick", "--terminal", "none", "--seed", "8"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout != (try QuickOutputs.committed(lecture.name)))
    }

    @Test(arguments: lectureExecutables)
    func badOptionsGiveOneLineAndNonZeroStatus(_ lecture: LectureExecutable) throws {
        for arguments in commonBadOptions + lecture.badOptions {
            let r = try run(lecture.name, arguments)
            #expect(r.status != 0, "\(arguments)")
            #expect(r.stdout.isEmpty)
            let lines = r.stderr.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].contains("error:"), "\(arguments): \(r.stderr)")
        }
    }

    @Test func dumbTerminalDrawsInTheTerminal() throws {
        let r = try run("mle-bayes", ["--quick", "--terminal", "dumb"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("Maximum likelihood: one function, one noise level"))
        #expect(r.stdout.split(separator: "\n").count > 150)
    }

    @Test func withoutGnuplotTheNumbersStillComeOut() throws {
        // A PATH without gnuplot: one clear line on standard error, every number on standard output.
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = "/nonexistent"
        let dir = temporaryFolder()
        let r = try run("mle-bayes", ["--quick", "--figures-dir", dir], environment: env)
        #expect(r.status == 0)
        #expect(r.stdout.contains("standard errors away"))
        let complaints = r.stderr.split(separator: "\n").filter { $0.contains("gnuplot") }
        #expect(complaints.count == 1)
        #expect(complaints.first?.contains("apt-get install") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }
}

/// The committed `--quick` output of every lecture (Tests/LectureTests/QuickOutputs, written by
/// `make quick-outputs`): a change of any printed number is a decision made in a commit, never an
/// accident of the machine, the matrix kernel or the number of cores.
@Suite struct QuickOutputs {
    static func committed(_ name: String) throws -> String {
        try String(contentsOf: packageRoot.appendingPathComponent("Tests/LectureTests/QuickOutputs/\(name).txt"), encoding: .utf8)
    }

    /// The first line where two outputs differ, for the failure message.
    static func firstDifference(_ a: String, _ b: String) -> String {
        let (la, lb) = (a.split(separator: "\n", omittingEmptySubsequences: false), b.split(separator: "\n", omittingEmptySubsequences: false))
        for i in 0..<max(la.count, lb.count) where i >= la.count || i >= lb.count || la[i] != lb[i] {
            return "line \(i + 1): committed «\(i < la.count ? la[i] : "")», now «\(i < lb.count ? lb[i] : "")»"
        }
        return "none"
    }

    /// Each lecture runs once per kernel the CPU has (matrix products, elementwise kernels and
    /// batched elementary functions together) and prints the committed bytes every time; the run
    /// with the selected kernel also writes its figures (PNG), every one it should, and prints its
    /// result line. Figures go to standard error's progress lines, never to standard output, so
    /// the bytes compared are the same with and without them. The portable kernel's run also tells glibc to act as on a
    /// CPU without AVX or FMA (`GLIBC_TUNABLES`), as a student's older laptop or a virtual machine
    /// would: glibc's libm then rounds differently, and the output must not notice (the course
    /// computes its elementary functions itself, `Elementary`). The AVX2 run hides AVX-512 from
    /// glibc likewise, as a CPU without it would.
    @Test(arguments: lectureExecutables)
    func quickOutputIsTheCommittedOneWithEveryKernelAndTheFiguresAreWritten(_ lecture: LectureExecutable) throws {
        let expected = try Self.committed(lecture.name)
        #expect(expected.contains(lecture.resultLine))
        for kernel in MatrixKernel.available {
            var env = ProcessInfo.processInfo.environment
            env["UQ_MATRIX_KERNEL"] = kernel.description
            if kernel == .portable { env["GLIBC_TUNABLES"] = "glibc.cpu.hwcaps=-AVX512F,-AVX512DQ,-AVX512VL,-AVX512BW,-AVX2,-FMA,-AVX" }
            if kernel == .avx2 { env["GLIBC_TUNABLES"] = "glibc.cpu.hwcaps=-AVX512F,-AVX512DQ,-AVX512VL,-AVX512BW" }
            let figures = kernel == .selected ? temporaryFolder() : nil
            let r = try run(lecture.name, ["--quick"] + (figures.map { ["--figures-dir", $0] } ?? ["--terminal", "none"]), environment: env)
            #expect(r.status == 0, "stderr: \(r.stderr)")
            #expect(r.stdout == expected,
                    "\(lecture.name) --quick with the \(kernel) kernel: first difference \(Self.firstDifference(expected, r.stdout)); `make quick-outputs` records an intended change")
            if let figures {
                #expect(try FileManager.default.contentsOfDirectory(atPath: figures).sorted() == lecture.figures)
            }
        }
    }
}

/// The output of `command arguments` (standard output; the test fails if it exits with an error).
private func output(of command: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [command] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(command) \(arguments) failed")
    return text
}

/// `UQ_MATRIX_KERNEL` picks the one kernel choice of a process (`uq_selected_kernel`, which the
/// products, the elementwise kernels and the batched elementary functions all follow): the
/// benchmark names what it got; a name this CPU lacks, or no name, gives the widest.
@Test func theEnvironmentPicksTheKernelOfTheWholeProcess() throws {
    let widest = try #require(MatrixKernel.available.last)
    for (name, expected) in MatrixKernel.available.map({ ($0.description, $0) }) + [("sse9", widest)] {
        var env = ProcessInfo.processInfo.environment
        env["UQ_MATRIX_KERNEL"] = name
        let r = try run("benchmark", ["--only", "mh-2d", "--quick"], environment: env)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.hasPrefix("matrix kernel: \(expected) ("), "UQ_MATRIX_KERNEL=\(name): \(r.stdout.prefix(80))")
    }
}

/// No lecture calls an inexact libm function (their bits depend on the CPU and the C library):
/// of the functions libm exports, each executable imports only exact ones (`fma`, `floor`,
/// `trunc`, …). Read with binutils' `nm` and `ldd`, which the Swift toolchain's linker brings.
@Test(arguments: lectureExecutables.map(\.name) + ["benchmark"])
func lecturesImportNoInexactLibmFunction(_ name: String) throws {
    let exe = try builtExecutable(name).path
    let symbol = { (line: Substring) -> String? in line.split(separator: " ").last.map { String($0.split(separator: "@")[0]) } }
    let imported = Set(try output(of: "nm", ["-D", "--undefined-only", exe]).split(separator: "\n").compactMap(symbol))
    #expect(imported.contains("swift_retain"), "nm read no Swift symbols from \(name)")
    // libm as the executable loads it: "libm.so.6 => /lib/x86_64-linux-gnu/libm.so.6 (0x…)".
    let libmLine = try output(of: "ldd", [exe]).split(separator: "\n").first { $0.contains("libm.so") }
    let libm = try #require(libmLine?.split(separator: " ").first { $0.hasPrefix("/") }.map(String.init), "\(name) does not load libm")
    let exported = Set(try output(of: "nm", ["-D", "--defined-only", libm]).split(separator: "\n").compactMap(symbol))
    let exact: Set = ["fma", "floor", "ceil", "trunc", "round", "rint", "nearbyint", "lrint", "llrint", "lround", "llround", "fmod",
                      "remainder", "sqrt", "fabs", "copysign", "fmin", "fmax", "ldexp", "scalbn", "frexp", "modf"]
    let inexact = imported.intersection(exported).subtracting(exact).sorted()
    #expect(inexact.isEmpty, "\(name) calls libm's \(inexact)")
}

/// `comparison --csv`: the real-data benchmark on a student's own file.
@Suite struct ComparisonOnAnyCSV {
    /// A small linear data set with a header, written to a temporary folder.
    static func write(_ text: String, name: String) throws -> String {
        let path = temporaryFolder() + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static var goodCSV: String {
        "u,v,target\n" + (0..<40).map { i in
            let (u, v) = (Double(i % 7) - 3, Double(i % 5) - 2)
            return "\(u),\(v),\(2 * u - v + 0.1 * Double(i % 3))"
        }.joined(separator: "\n")
    }

    @Test func jsonPrintsOneObjectPerMethodWithExactlyTheKeys() throws {
        let csv = try Self.write(Self.goodCSV, name: "good.csv")
        let r = try run("comparison", ["--csv", csv, "--target", "target", "--json", "--quick"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == BenchmarkMethodNames.all.count)
        for (line, name) in zip(lines, BenchmarkMethodNames.all) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(Set(object.keys) == ["method", "rmse", "log_likelihood", "picp95", "miscalibration_area", "seconds"])
            #expect(object["method"] as? String == name)
            #expect(Set((object["rmse"] as? [String: Double])?.keys.map { $0 } ?? []) == ["mean", "se"])
        }
    }

    /// `--calibrate`: the same one line per method, with one more key holding the coverage and
    /// width of the 95% intervals before and after split conformal (200 rows: 180 train, 36 of them
    /// calibrate, 20 test; with fewer than 19 calibration rows the 95% conformal interval is the
    /// whole line and its width null; the numbers are only checked to be coverages and widths).
    @Test func calibrateAddsBeforeAndAfterToEachMethodsLine() throws {
        let rows = (0..<200).map { i in
            let (u, v) = (Double(i % 11) - 5, Double(i % 7) - 3)
            return "\(u),\(v),\(2 * u - v + 0.1 * Double(i % 3))"
        }
        let csv = try Self.write("u,v,target\n" + rows.joined(separator: "\n"), name: "larger.csv")
        let r = try run("comparison", ["--csv", csv, "--target", "target", "--json", "--quick", "--calibrate"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == BenchmarkMethodNames.all.count)
        for (line, name) in zip(lines, BenchmarkMethodNames.all) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(Set(object.keys) == ["method", "rmse", "log_likelihood", "picp95", "miscalibration_area", "seconds", "conformal"])
            #expect(object["method"] as? String == name)
            let conformal = try #require(object["conformal"] as? [String: Double])
            #expect(Set(conformal.keys) == ["calibration_rows", "picp95_before", "mpiw95_before", "picp95_after", "mpiw95_after"])
            #expect(conformal["calibration_rows"] == 36)
            for key in ["picp95_before", "picp95_after"] { #expect((0...1).contains(conformal[key] ?? -1)) }
            for key in ["mpiw95_before", "mpiw95_after"] { #expect((conformal[key] ?? -1) > 0) }
        }
    }

    @Test func splitsFileIsUsedAndCheckedForPermutations() throws {
        let csv = try Self.write(Self.goodCSV, name: "good.csv")
        let rows: [String] = (0..<2).map { (k: Int) -> String in (0..<40).map { (i: Int) in String((i + 7 * k) % 40) }.joined(separator: " ") }
        let good = try Self.write("# two splits\n" + rows.joined(separator: "\n"), name: "splits.txt")
        let r = try run("comparison", ["--csv", csv, "--target", "target", "--splits", good, "--quick"])
        #expect(r.status == 0 && r.stdout.contains("2 splits"), "stderr: \(r.stderr)")
        let bad = try Self.write((0..<40).map { String($0 == 5 ? 4 : $0) }.joined(separator: " "), name: "bad.txt")
        let b = try run("comparison", ["--csv", csv, "--target", "target", "--splits", bad, "--quick"])
        #expect(b.status != 0 && b.stdout.isEmpty)
        #expect(b.stderr.split(separator: "\n").count == 1 && b.stderr.contains("bad.txt, line 1: row 4 appears twice"), "\(b.stderr)")
    }

    @Test(arguments: [("a,b,target\n1,2,3\n4,5", "line 3: 2 cells, the header has 3 columns"),
                      ("a,b,target\n1,2,3\n4,five,6", "line 3, column \"b\": \"five\" is not a number"),
                      ("a,b,target\n1,2,3\n4,5,NaN", "line 3, column \"target\": NaN is not a finite number"),
                      ("a,b,c\n1,2,3\n4,5,6", "no column named \"target\""),
                      ("a,b,target\n1,2,3\n4,5,3\n7,8,3", "the target \"target\" is constant (3.0 in every row): there is nothing to learn"),
                      ("a,b,target\n1,2,3\n1,2,4\n1,2,5", "every input column is constant")])
    func badCSVGivesOneLineNamingRowAndColumn(_ text: String, _ message: String) throws {
        let csv = try Self.write(text, name: "bad.csv")
        let r = try run("comparison", ["--csv", csv, "--target", "target", "--quick"])
        #expect(r.status != 0 && r.stdout.isEmpty)
        #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains("error:") && r.stderr.contains(message), "\(r.stderr)")
    }
}

/// The method names of the JSON output, in order.
enum BenchmarkMethodNames {
    static let all = ["map", "mc-dropout", "deep-ensemble", "swag", "bayes-by-backprop", "variational-dropout", "laplace"]
}

/// `classification --csv`: the five classifiers on a student's own file.
@Suite struct ClassificationOnAnyCSV {
    static func write(_ text: String, name: String) throws -> String {
        let path = temporaryFolder() + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// 45 rows, two inputs, three string classes.
    static var goodCSV: String {
        "u,v,kind\n" + (0..<45).map { i in
            let c = ["cat", "dog", "bird"][i % 3]
            return "\(Double(i % 3) + 0.1 * Double(i % 7)),\(Double((i / 3) % 5) * 0.2),\(c)"
        }.joined(separator: "\n")
    }

    @Test func jsonPrintsOneObjectPerMethodWithExactlyTheKeys() throws {
        let csv = try Self.write(Self.goodCSV, name: "good.csv")
        let r = try run("classification", ["--csv", csv, "--target", "kind", "--json", "--quick"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        let names = ["map", "deep-ensemble", "mc-dropout", "swag", "last-layer-laplace"]
        #expect(lines.count == names.count)
        for (line, name) in zip(lines, names) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(Set(object.keys) == ["method", "accuracy", "nll", "brier", "ece", "seconds"])
            #expect(object["method"] as? String == name)
            for key in ["accuracy", "nll", "brier", "ece"] {
                #expect(Set((object[key] as? [String: Double])?.keys.map { $0 } ?? []) == ["mean", "se"], "\(key)")
            }
            let accuracy = try #require((object["accuracy"] as? [String: Double])?["mean"])
            #expect(accuracy >= 0 && accuracy <= 1)
        }
    }

    @Test func textOutputNamesTheClassesAndSplits() throws {
        let csv = try Self.write(Self.goodCSV, name: "good.csv")
        let r = try run("classification", ["--csv", csv, "--target", "kind", "--quick", "--splits", "3"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("45 rows, 2 inputs, 3 classes in \"kind\", 3 stratified 80/20 splits"), "\(r.stdout)")
        #expect(r.stdout.contains("last-layer Laplace"))
    }

    @Test(arguments: [("a,b,kind\n1,2,x\n4,5", "line 3: 2 cells, the header has 3 columns"),
                      ("a,b,kind\n1,2,x\n4,five,y", "line 3, column \"b\": \"five\" is not a number"),
                      ("a,b,kind\n1,2,x\n4,NaN,y", "line 3, column \"b\": NaN is not a finite number"),
                      ("a,b,c\n1,2,3\n4,5,6", "no column named \"kind\""),
                      ("a,b,kind\n1,2,x\n4,5,x\n7,8,x", "every row has the class \"x\""),
                      ("a,b,kind\n1,2,x\n4,5,x\n7,8,y", "the class \"y\" has only 1 row")])
    func badCSVGivesOneLineNamingRowAndColumn(_ text: String, _ message: String) throws {
        let csv = try Self.write(text, name: "bad.csv")
        let r = try run("classification", ["--csv", csv, "--target", "kind", "--quick"])
        #expect(r.status != 0 && r.stdout.isEmpty)
        #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains("error:") && r.stderr.contains(message), "\(r.stderr)")
    }
}
