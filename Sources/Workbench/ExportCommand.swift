import ArgumentParser
import Experiments
import Foundation
import Interchange

/// `workbench export`: a run's model and record in formats other tools read.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a run's trained model or record for other tools: ONNX, the test images, TensorBoard.",
        subcommands: [ONNX.self, TestSet.self, TensorBoard.self])

    struct ONNX: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "onnx",
            abstract: "The run's trained network (its checkpoint) as an ONNX model, softmax included.",
            discussion: """
            Input `images`: float32 (batch, height, width, channels), NHWC, pixels scaled to [0, 1] as `workbench predict` \
            decodes images. Output `probabilities`: (batch, classes). The batch size is free; the class names, \
            architecture and run are in the model's metadata_props. Inference mode: batch norm uses its moving statistics, \
            dropout is left out. scripts/check-onnx compares onnxruntime's answers with `workbench predict`.
            """)

        @Argument(help: "The run folder (runs/<id>).")
        var folder: String

        @Argument(help: "The .onnx file to write.")
        var output: String

        func run() throws {
            let w = try ONNXExport.write(run: folder, to: output)
            print("\(w.path): ONNX opset \(ONNXExport.opsetVersion), \(w.nodes) nodes, \(w.parameters) parameters, \(w.bytes) bytes")
        }
    }

    struct TestSet: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test-set",
            abstract: "The run's test images as PNG files of its input size, with labels.csv (file,label,class).",
            discussion: "The same images, split and preparation (padding, resizing) as the run's own test pass; `workbench predict RUN DIR` then repeats that pass from files.")

        @Argument(help: "The run folder (runs/<id>).")
        var folder: String

        @Argument(help: "The folder to write into (created if missing).")
        var output: String

        func run() throws {
            let w = try TestSetExport.write(run: folder, to: output)
            let rounding = w.roundingError == 0 ? "pixels exact" : String(format: "pixels rounded to 8 bits, by up to %.5f", w.roundingError)
            print("\(output): \(w.images) test images and labels.csv (\(rounding))")
        }
    }

    struct TensorBoard: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "tensorboard",
            abstract: "The run's record as a TensorBoard event file: scalars per epoch, events.log as text, the test confusion matrix.",
            discussion: """
            Scalars at each epoch: loss/train, loss/val, accuracy/train, accuracy/val, lr, dropout; accuracy/test when the \
            run is done. Text: events.log's live changes and decays (`changes`), its other lines (`events`), the test \
            confusion matrix (`confusion/test`). Then `tensorboard --logdir DIR`. `workbench train --tensorboard DIR` \
            writes the same while training. scripts/check-tensorboard reads the file back with TensorBoard's own reader.
            """)

        @Argument(help: "The run folder (runs/<id>).")
        var folder: String

        @Argument(help: "The folder for the event file (default: tensorboard/<run id>).")
        var output: String?

        func run() throws {
            // The run's id even for "." or "runs/<id>/.." spellings (no symbolic links resolved).
            let dir = output ?? "tensorboard/" + URL(fileURLWithPath: folder).standardized.lastPathComponent
            let (file, events) = try TensorBoardLog.export(run: folder, into: dir)
            print("\(file): \(events) events (tensorboard --logdir \(dir))")
        }
    }
}
