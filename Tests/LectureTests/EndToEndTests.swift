import Foundation
import Testing

// The lecture executables run as a student runs them, in --quick mode.

@Suite(.serialized) struct MleBayesExecutable {
    @Test func helpListsEveryOption() throws {
        let r = try run("mle-bayes", ["--help"])
        #expect(r.status == 0)
        for option in ["--seed", "--quick", "--figures-dir", "--terminal", "--steps", "--bumps", "--draws", "--help"] {
            #expect(r.stdout.contains(option), "--help does not mention \(option)")
        }
    }

    @Test func quickRunPrintsItsResultsAndWritesEveryFigure() throws {
        let dir = temporaryFolder()
        let r = try run("mle-bayes", ["--quick", "--figures-dir", dir])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("(the MAP weights are the ridge weights)"))
        #expect(r.stdout.contains("standard errors away"))
        let figures = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(figures == ["01-bayesian-updating.png", "01-evidence.png", "01-mle-map-bayes.png", "01-total-variance.png", "01-why-uq.png"])
    }

    @Test func sameSeedSameOutput() throws {
        let a = try run("mle-bayes", ["--quick", "--terminal", "none", "--seed", "7"])
        let b = try run("mle-bayes", ["--quick", "--terminal", "none", "--seed", "7"])
        let c = try run("mle-bayes", ["--quick", "--terminal", "none", "--seed", "8"])
        #expect(a.status == 0 && a.stdout == b.stdout)
        #expect(a.stdout != c.stdout)
    }

    @Test func dumbTerminalDrawsInTheTerminal() throws {
        let r = try run("mle-bayes", ["--quick", "--terminal", "dumb"])
        #expect(r.status == 0)
        // gnuplot's dumb terminal draws axes with '+' ticks and '*' or letters for curves.
        #expect(r.stdout.contains("Maximum likelihood: one function, one noise level"))
        #expect(r.stdout.split(separator: "\n").count > 150)
    }

    @Test(arguments: [
        ["--terminal", "jpeg"],
        ["--steps", "-5"],
        ["--draws", "0"],
        ["--bumps", "1"],
        ["--seed", "minus-one"],
        ["--figures-dir", "/proc/cannot-write-here"],
        ["--no-such-option"],
    ])
    func badOptionsGiveOneLineAndNonZeroStatus(_ arguments: [String]) throws {
        let r = try run("mle-bayes", arguments)
        #expect(r.status != 0)
        #expect(r.stdout.isEmpty)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1, "stderr: \(r.stderr)")
        #expect(lines.first?.contains("error:") == true)
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
