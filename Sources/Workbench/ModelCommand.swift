import ArgumentParser
import Experiments
import NN

struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model", abstract: "Print a preset's network as Keras' model.summary() does.")

    @Argument(help: "A preset name in experiments/ or a config path.")
    var preset: String

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let c = try options.load(preset)
        let net = try c.network.build(height: c.input.height, width: c.input.width, channels: c.input.channels, classes: c.data.task.classNames.count, dropout: Float(c.dropout))
        print(ModelSummary.render(net), terminator: "")
    }
}
