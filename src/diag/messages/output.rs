//! messages::output: the output folder and what the system said when writing failed.

use super::*;

// ---- The output folder -----------------------------------------------------------------------

pub fn output_is_source() -> Message {
    Message::new(
        "output-is-source",
        "mappen är själva webbplatsen, innehåller den eller rymmer dess källfiler; notis ersätter den inte",
        "this folder is the site itself, contains it, or holds its sources; notis will not replace it",
    )
    .help(
        "bygg till en egen mapp, t.ex. `--output public`",
        "build into a folder of its own, like `--output public`",
    )
}

pub fn output_foreign(example: &str) -> Message {
    Message::new(
        "output-foreign",
        format!("utdatamappen innehåller filer som notis inte har skrivit (t.ex. `{example}`); inget har ändrats"),
        format!("the output folder holds files notis did not write (such as `{example}`); nothing was changed"),
    )
    .help(
        "välj en tom eller ny mapp för --output, eller flytta först bort filerna",
        "choose an empty or new folder for --output, or move those files away first",
    )
}

pub fn output_not_folder() -> Message {
    Message::new(
        "output-not-folder",
        "utdata är en fil, inte en mapp",
        "the output is a file, not a folder",
    )
    .help("välj en mapp för --output", "choose a folder for --output")
}

pub fn work_folder_foreign() -> Message {
    Message::new(
        "work-folder-foreign",
        "notis behöver det här namnet för sin arbetsmapp, men här finns något som notis inte har gjort",
        "notis needs this name for its work folder, but it holds something notis did not make",
    )
    .help(
        "flytta det eller byt namn på det och bygg sedan igen",
        "move or rename it, then build again",
    )
}

/// The build's note when the output could not be swapped in one step (issue 31).
pub fn output_replaced_file_by_file(output: &str) -> Text {
    Text::new(
        format!(
            "{output} är en monteringspunkt och kan inte bytas ut i ett steg: innehållet ersattes fil för fil \
             (varje fil hel, men medan filerna skrevs fanns gamla och nya sidor sida vid sida)"
        ),
        format!(
            "{output} is a mount point and cannot be swapped in one step: its contents were replaced file by file \
             (each file whole, but while they were written old and new pages were side by side)"
        ),
    )
}

/// What notis was doing to a file or folder when the system said no.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IoStep {
    Find,
    Create,
    Lock,
    Read,
    Remove,
    Write,
    Copy,
    Replace,
}

pub fn output_io(step: IoStep, what: &str, error: &std::io::Error) -> Message {
    let (sv, en) = match step {
        IoStep::Find => ("hitta", "find"),
        IoStep::Create => ("skapa", "create"),
        IoStep::Lock => ("låsa", "lock"),
        IoStep::Read => ("läsa", "read"),
        IoStep::Remove => ("ta bort", "remove"),
        IoStep::Write => ("skriva", "write"),
        IoStep::Copy => ("kopiera", "copy"),
        IoStep::Replace => ("ersätta", "replace"),
    };
    Message::new(
        "output-io",
        format!("kan inte {sv} {what}: {error}"),
        format!("cannot {en} {what}: {error}"),
    )
    .help(
        "kontrollera att utdatamappen går att skriva till och att disken inte är full",
        "check that the output folder is writable and the disk is not full",
    )
}
