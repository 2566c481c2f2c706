//! The tests of [`split`](super::split): the same cases in English, French and
//! Spanish, then each language's specifics, degenerate and long texts, a
//! property test on the ranges, and the recall and precision measured on
//! NTREX-128 (when `../shared/data` is there).

use super::*;

fn sentences(text: &str, lang: Lang) -> Vec<&str> {
    split(text, lang).into_iter().map(|r| &text[r]).collect()
}

#[track_caller]
fn check(lang: Lang, text: &str, expected: &[&str]) {
    let got = sentences(text, lang);
    assert_eq!(got, expected, "{lang}: {text:?}");
}

/// The same case written in each language: a language cannot lag behind.
macro_rules! each_language {
        ($(
            $(#[$meta:meta])*
            $name:ident {
                en: $en:expr => [$($en_s:expr),* $(,)?],
                fr: $fr:expr => [$($fr_s:expr),* $(,)?],
                es: $es:expr => [$($es_s:expr),* $(,)?] $(,)?
            }
        )*) => {$(
            $(#[$meta])*
            #[test]
            fn $name() {
                check(Lang::En, $en, &[$($en_s),*]);
                check(Lang::Fr, $fr, &[$($fr_s),*]);
                check(Lang::Es, $es, &[$($es_s),*]);
            }
        )*};
    }

each_language! {
    titles_and_dates_do_not_end_sentences {
        en: "Mr. Lee met the U.S. delegation on Dec. 5. Talks resumed." => [
            "Mr. Lee met the U.S. delegation on Dec. 5.",
            "Talks resumed.",
        ],
        fr: "M. Dupont a reçu Mme Durand et le Dr. Martin le 5 déc. 2019. Les discussions ont repris." => [
            "M. Dupont a reçu Mme Durand et le Dr. Martin le 5 déc. 2019.",
            "Les discussions ont repris.",
        ],
        es: "El Sr. López recibió a la Dra. Ruiz el 5 de dic. de 2019. Las conversaciones se reanudaron." => [
            "El Sr. López recibió a la Dra. Ruiz el 5 de dic. de 2019.",
            "Las conversaciones se reanudaron.",
        ],
    }

    initials_are_not_sentences {
        en: "George W. Bush met J. R. R. Smith in Texas. Both spoke about the border." => [
            "George W. Bush met J. R. R. Smith in Texas.",
            "Both spoke about the border.",
        ],
        fr: "J.-P. Dumas et Anne M. Roy étaient à Calais. Ils ont visité le camp." => [
            "J.-P. Dumas et Anne M. Roy étaient à Calais.",
            "Ils ont visité le camp.",
        ],
        es: "José A. Martínez y J. M. Aznar estaban en Ceuta. Visitaron el centro." => [
            "José A. Martínez y J. M. Aznar estaban en Ceuta.",
            "Visitaron el centro.",
        ],
    }

    numbers_times_and_decimals_hold_together {
        en: "Arrivals rose from 1,200 to 3.5 million; the vote is at 10.30 on 19 Aug. The count goes on." => [
            "Arrivals rose from 1,200 to 3.5 million; the vote is at 10.30 on 19 Aug.",
            "The count goes on.",
        ],
        fr: "Les arrivées sont passées de 1.200 à 3,5 millions ; le vote a lieu à 10.30 le 19 août. Le décompte continue." => [
            "Les arrivées sont passées de 1.200 à 3,5 millions ; le vote a lieu à 10.30 le 19 août.",
            "Le décompte continue.",
        ],
        es: "Las llegadas pasaron de 1.200 a 3,5 millones; la votación es a las 10.30 del 19 de ago. El recuento sigue." => [
            "Las llegadas pasaron de 1.200 a 3,5 millones; la votación es a las 10.30 del 19 de ago.",
            "El recuento sigue.",
        ],
    }

    sentences_may_end_with_a_number {
        en: "The agency registered 4,500 claims in 2019. 300 were accepted." => [
            "The agency registered 4,500 claims in 2019.",
            "300 were accepted.",
        ],
        fr: "L'agence a enregistré 4 500 demandes en 2019. 300 ont été acceptées." => [
            "L'agence a enregistré 4 500 demandes en 2019.",
            "300 ont été acceptées.",
        ],
        es: "La agencia registró 4.500 solicitudes en 2019. 300 fueron aceptadas." => [
            "La agencia registró 4.500 solicitudes en 2019.",
            "300 fueron aceptadas.",
        ],
    }

    urls_and_addresses_are_not_cut {
        en: "Forms are at https://www.example.org/asylum?lang=en. Write to help@asylum.example.org. Then wait." => [
            "Forms are at https://www.example.org/asylum?lang=en.",
            "Write to help@asylum.example.org.",
            "Then wait.",
        ],
        fr: "Les formulaires sont sur www.example.fr/asile?x=1. Écrivez à aide@asile.example.fr. Puis attendez." => [
            "Les formulaires sont sur www.example.fr/asile?x=1.",
            "Écrivez à aide@asile.example.fr.",
            "Puis attendez.",
        ],
        es: "Los formularios están en www.example.es/asilo?x=1. Escriba a ayuda@asilo.example.es. Luego espere." => [
            "Los formularios están en www.example.es/asilo?x=1.",
            "Escriba a ayuda@asilo.example.es.",
            "Luego espere.",
        ],
    }

    an_ellipsis_before_lowercase_goes_on {
        en: "They waited… and waited... and then left. Nobody came... The camp closed." => [
            "They waited… and waited... and then left.",
            "Nobody came...",
            "The camp closed.",
        ],
        fr: "Ils ont attendu… et attendu... puis sont partis. Personne n'est venu… Le camp a fermé." => [
            "Ils ont attendu… et attendu... puis sont partis.",
            "Personne n'est venu…",
            "Le camp a fermé.",
        ],
        es: "Esperaron… y esperaron... y luego se fueron. Nadie vino… El campamento cerró." => [
            "Esperaron… y esperaron... y luego se fueron.",
            "Nadie vino…",
            "El campamento cerró.",
        ],
    }

    an_ellipsis_in_brackets_is_a_cut_in_a_quotation {
        en: "\"We will help (...) Families come first,\" she said." => [
            "\"We will help (...) Families come first,\" she said.",
        ],
        fr: "« Nous aiderons […] Les familles d’abord », a-t-elle dit." => [
            "« Nous aiderons […] Les familles d’abord », a-t-elle dit.",
        ],
        es: "«Ayudaremos (…) Las familias primero», dijo." => [
            "«Ayudaremos (…) Las familias primero», dijo.",
        ],
    }

    closing_quotes_belong_to_the_sentence_they_close {
        en: "He said: \u{201c}We will.\u{201d} He left. \"The border is safe.\" The minister agreed." => [
            "He said: \u{201c}We will.\u{201d}",
            "He left.",
            "\"The border is safe.\"",
            "The minister agreed.",
        ],
        fr: "Il a dit : « Oui. » Puis il est parti. Elle a dit : «Non.» Ensuite, rien." => [
            "Il a dit : « Oui. »",
            "Puis il est parti.",
            "Elle a dit : «Non.»",
            "Ensuite, rien.",
        ],
        es: "Dijo: «Sí.» Luego se fue. Ella dijo: \u{201c}No.\u{201d} Después, nada." => [
            "Dijo: «Sí.»",
            "Luego se fue.",
            "Ella dijo: \u{201c}No.\u{201d}",
            "Después, nada.",
        ],
    }

    questions_and_exclamations {
        en: "Why now? Because the law changed! Everyone knew." => [
            "Why now?", "Because the law changed!", "Everyone knew.",
        ],
        fr: "Pourquoi maintenant\u{a0}? Parce que la loi a changé\u{202f}! Tout le monde le savait." => [
            "Pourquoi maintenant\u{a0}?", "Parce que la loi a changé\u{202f}!", "Tout le monde le savait.",
        ],
        es: "¿Por qué ahora? ¡Porque la ley cambió! Todos lo sabían." => [
            "¿Por qué ahora?", "¡Porque la ley cambió!", "Todos lo sabían.",
        ],
    }

    a_question_inside_a_sentence {
        en: "\"Why now?\" he asked. \"Why not?\", she said." => [
            "\"Why now?\" he asked.", "\"Why not?\", she said.",
        ],
        fr: "« Pourquoi maintenant ? », a-t-il demandé. « Pourquoi pas ? » répondit-elle." => [
            "« Pourquoi maintenant ? », a-t-il demandé.", "« Pourquoi pas ? » répondit-elle.",
        ],
        es: "—¿Por qué ahora? —preguntó. Si vienes, ¿qué harás? Dímelo." => [
            "—¿Por qué ahora? —preguntó.", "Si vienes, ¿qué harás?", "Dímelo.",
        ],
    }

    parentheses {
        en: "The reform passed (by 300 votes). (The vote was close.) Critics objected." => [
            "The reform passed (by 300 votes).", "(The vote was close.)", "Critics objected.",
        ],
        fr: "La réforme est passée (par 300 voix). (Le vote était serré.) Les critiques ont protesté." => [
            "La réforme est passée (par 300 voix).", "(Le vote était serré.)", "Les critiques ont protesté.",
        ],
        es: "La reforma se aprobó (por 300 votos). (La votación fue ajustada.) Los críticos protestaron." => [
            "La reforma se aprobó (por 300 votos).", "(La votación fue ajustada.)", "Los críticos protestaron.",
        ],
    }

    etc_ends_a_sentence_before_a_capital {
        en: "They brought food, blankets, etc. The camp was full. Tents, stoves, etc. and water arrived." => [
            "They brought food, blankets, etc.", "The camp was full.", "Tents, stoves, etc. and water arrived.",
        ],
        fr: "Ils ont apporté des vivres, des couvertures, etc. Le camp était plein. Tentes, réchauds, etc. sont arrivés." => [
            "Ils ont apporté des vivres, des couvertures, etc.", "Le camp était plein.", "Tentes, réchauds, etc. sont arrivés.",
        ],
        es: "Trajeron comida, mantas, etc. El campamento estaba lleno. Tiendas, hornillos, etc. llegaron después." => [
            "Trajeron comida, mantas, etc.", "El campamento estaba lleno.", "Tiendas, hornillos, etc. llegaron después.",
        ],
    }

    markdown_headings_and_list_items {
        en: "# Asylum in 2019\nClaims rose.\n- Greece\n- Italy\n1. First reading\n2. Second reading" => [
            "# Asylum in 2019", "Claims rose.", "- Greece", "- Italy", "1. First reading", "2. Second reading",
        ],
        fr: "## L’asile en 2019\nLes demandes ont augmenté.\n* Grèce\n* Italie\n1. Première lecture\n2) Deuxième lecture" => [
            "## L’asile en 2019", "Les demandes ont augmenté.", "* Grèce", "* Italie", "1. Première lecture", "2) Deuxième lecture",
        ],
        es: "# El asilo en 2019\nLas solicitudes aumentaron.\n• Grecia\n• Italia\n1. Primera lectura\n2. Segunda lectura" => [
            "# El asilo en 2019", "Las solicitudes aumentaron.", "• Grecia", "• Italia", "1. Primera lectura", "2. Segunda lectura",
        ],
    }

    an_unpunctuated_line_before_a_capital_is_a_sentence {
        en: "Border talks resume\nMinisters met in Brussels on Monday. The talks\ncontinued late into the night." => [
            "Border talks resume", "Ministers met in Brussels on Monday.", "The talks\ncontinued late into the night.",
        ],
        fr: "Reprise des négociations\nLes ministres se sont réunis lundi. Les discussions\nse sont prolongées tard." => [
            "Reprise des négociations", "Les ministres se sont réunis lundi.", "Les discussions\nse sont prolongées tard.",
        ],
        es: "Se reanudan las negociaciones\nLos ministros se reunieron el lunes. Las conversaciones\nse alargaron hasta tarde." => [
            "Se reanudan las negociaciones", "Los ministros se reunieron el lunes.", "Las conversaciones\nse alargaron hasta tarde.",
        ],
    }

    a_line_ending_with_a_comma_or_colon_goes_on {
        en: "The minister said,\nThe border stays open:\nNobody disagreed." => [
            "The minister said,\nThe border stays open:\nNobody disagreed.",
        ],
        fr: "Le ministre a déclaré :\nLa frontière reste ouverte,\nPersonne n’a protesté." => [
            "Le ministre a déclaré :\nLa frontière reste ouverte,\nPersonne n’a protesté.",
        ],
        es: "El ministro dijo:\nLa frontera sigue abierta,\nNadie protestó." => [
            "El ministro dijo:\nLa frontera sigue abierta,\nNadie protestó.",
        ],
    }

    a_blank_line_always_ends_a_sentence {
        en: "Ministers met in Brussels\n\nand talked\n \t\nfor hours" => [
            "Ministers met in Brussels", "and talked", "for hours",
        ],
        fr: "Les ministres se sont réunis\n\net ont parlé\n \t\npendant des heures" => [
            "Les ministres se sont réunis", "et ont parlé", "pendant des heures",
        ],
        es: "Los ministros se reunieron\n\ny hablaron\n \t\ndurante horas" => [
            "Los ministros se reunieron", "y hablaron", "durante horas",
        ],
    }

    without_punctuation_lines_are_the_units {
        en: "asylum seeker\nRefugee\nmigrant worker\n\nstateless person" => [
            "asylum seeker", "Refugee\nmigrant worker", "stateless person",
        ],
        fr: "demandeur d’asile\nRéfugié\ntravailleur migrant\n\napatride" => [
            "demandeur d’asile", "Réfugié\ntravailleur migrant", "apatride",
        ],
        es: "solicitante de asilo\nRefugiado\ntrabajador migrante\n\napátrida" => [
            "solicitante de asilo", "Refugiado\ntrabajador migrante", "apátrida",
        ],
    }

    crlf_and_bom {
        en: "\u{feff}Border talks resume\r\nMinisters met. Talks resumed.\r\n\r\nNew paragraph\r\n" => [
            "Border talks resume", "Ministers met.", "Talks resumed.", "New paragraph",
        ],
        fr: "\u{feff}Reprise des négociations\r\nLes ministres se sont réunis. Les discussions ont repris.\r\n\r\nNouveau paragraphe\r\n" => [
            "Reprise des négociations", "Les ministres se sont réunis.", "Les discussions ont repris.", "Nouveau paragraphe",
        ],
        es: "\u{feff}Se reanudan las negociaciones\r\nLos ministros se reunieron. Las conversaciones se reanudaron.\r\n\r\nNuevo párrafo\r\n" => [
            "Se reanudan las negociaciones", "Los ministros se reunieron.", "Las conversaciones se reanudaron.", "Nuevo párrafo",
        ],
    }

    an_abbreviation_ends_a_sentence_before_a_starter {
        en: "They moved to the U.S.A. The next year they worked for Acme Inc. It paid well. They left the U.S. In May they wrote." => [
            "They moved to the U.S.A.",
            "The next year they worked for Acme Inc.",
            "It paid well.",
            "They left the U.S.",
            "In May they wrote.",
        ],
        fr: "Ils sont partis aux É.-U. Le lendemain, ils ont travaillé pour Durand et Cie. Elle payait bien. Ils ont quitté les É.-U. Lorsque la guerre a éclaté, ils ont écrit." => [
            "Ils sont partis aux É.-U.",
            "Le lendemain, ils ont travaillé pour Durand et Cie.",
            "Elle payait bien.",
            "Ils ont quitté les É.-U.",
            "Lorsque la guerre a éclaté, ils ont écrit.",
        ],
        es: "Se mudaron a EE. UU. Al año siguiente trabajaron para Gómez y Cía. Les pagaba bien. Dejaron EE. UU. Tal como esperaban, escribieron." => [
            "Se mudaron a EE. UU.",
            "Al año siguiente trabajaron para Gómez y Cía.",
            "Les pagaba bien.",
            "Dejaron EE. UU.",
            "Tal como esperaban, escribieron.",
        ],
    }

    a_month_ends_a_sentence_before_a_word_not_a_number {
        en: "The talks ended on 3 Oct. Negotiators met again on Nov. 5. The rate was 3.5 in Dec. 2019 and 4.1 in Jan. Officials left." => [
            "The talks ended on 3 Oct.",
            "Negotiators met again on Nov. 5.",
            "The rate was 3.5 in Dec. 2019 and 4.1 in Jan.",
            "Officials left.",
        ],
        fr: "Les pourparlers ont pris fin le 3 oct. Washington a réagi le 5 nov. 2019. Le taux était de 3,5 le 1er déc. Une nouvelle série a commencé." => [
            "Les pourparlers ont pris fin le 3 oct.",
            "Washington a réagi le 5 nov. 2019.",
            "Le taux était de 3,5 le 1er déc.",
            "Une nouvelle série a commencé.",
        ],
        es: "Las conversaciones acabaron el 3 de oct. Washington reaccionó el 5 de nov. de 2019. La tasa fue de 3,5 en dic. 2019 y de 4,1 en ene. Una nueva ronda empezó." => [
            "Las conversaciones acabaron el 3 de oct.",
            "Washington reaccionó el 5 de nov. de 2019.",
            "La tasa fue de 3,5 en dic. 2019 y de 4,1 en ene.",
            "Una nueva ronda empezó.",
        ],
    }

    an_abbreviation_before_a_name_holds {
        en: "The U.S. Army met Mr. Smith on Oct. 5, Dr. García at Acme Inc. Headquarters and George W. Bush in Washington D.C. Monday." => [
            "The U.S. Army met Mr. Smith on Oct. 5, Dr. García at Acme Inc. Headquarters and George W. Bush in Washington D.C. Monday.",
        ],
        fr: "M. Dupont a rencontré le Dr. García le 5 oct. 2019, J.-P. Dumas et Anne M. Roy chez Durand et Cie. Martin à Paris." => [
            "M. Dupont a rencontré le Dr. García le 5 oct. 2019, J.-P. Dumas et Anne M. Roy chez Durand et Cie. Martin à Paris.",
        ],
        es: "El Sr. López visitó al Dr. García el 5 de oct. de 2019 y a José A. Martínez en EE. UU. Washington lo supo." => [
            "El Sr. López visitó al Dr. García el 5 de oct. de 2019 y a José A. Martínez en EE. UU. Washington lo supo.",
        ],
    }

    a_straight_quote_after_a_space_opens_the_next_sentence {
        en: "He said \"no.\" \"We will return,\" she added. He said \"no\". \"Never,\" she said. They left the U.S. \"Soon,\" he wrote." => [
            "He said \"no.\"",
            "\"We will return,\" she added.",
            "He said \"no\".",
            "\"Never,\" she said.",
            "They left the U.S.",
            "\"Soon,\" he wrote.",
        ],
        fr: "Il a dit \"non.\" \"Nous reviendrons\", a-t-elle ajouté. Il a dit \"non\". \"Jamais\", a-t-elle dit. Ils ont quitté les É.-U. \"Bientôt\", a-t-il écrit." => [
            "Il a dit \"non.\"",
            "\"Nous reviendrons\", a-t-elle ajouté.",
            "Il a dit \"non\".",
            "\"Jamais\", a-t-elle dit.",
            "Ils ont quitté les É.-U.",
            "\"Bientôt\", a-t-il écrit.",
        ],
        es: "Dijo \"no.\" \"Volveremos\", añadió. Dijo \"no\". \"Nunca\", respondió. Dejaron EE. UU. \"Pronto\", escribió." => [
            "Dijo \"no.\"",
            "\"Volveremos\", añadió.",
            "Dijo \"no\".",
            "\"Nunca\", respondió.",
            "Dejaron EE. UU.",
            "\"Pronto\", escribió.",
        ],
    }

    a_wrapped_abbreviation_does_not_split {
        en: "The report was written by Dr.\nAmira Haddad and Prof.\nLuis Ortega." => [
            "The report was written by Dr.\nAmira Haddad and Prof.\nLuis Ortega.",
        ],
        fr: "Le rapport a été rédigé par M.\nAmira Haddad et Mme\nLuisa Ortega." => [
            "Le rapport a été rédigé par M.\nAmira Haddad et Mme\nLuisa Ortega.",
        ],
        es: "El informe lo escribieron el Dr.\nAmir Haddad y la Sra.\nLuisa Ortega." => [
            "El informe lo escribieron el Dr.\nAmir Haddad y la Sra.\nLuisa Ortega.",
        ],
    }
}

#[test]
fn english_specifics() {
    let en = |text, expected: &[&str]| check(Lang::En, text, expected);
    en(
        "They reached the U.S. The next day they applied for asylum.",
        &[
            "They reached the U.S.",
            "The next day they applied for asylum.",
        ],
    );
    en(
        "The U.S. Senate voted. Acme Inc. said it would hire refugees.",
        &[
            "The U.S. Senate voted.",
            "Acme Inc. said it would hire refugees.",
        ],
    );
    en(
        "Sen. Ortiz, Gov. Lane, Gen. Hart, Lt. Col. Diaz and Rep. Kim spoke at No. 10 Downing St. on Tuesday.",
        &[
            "Sen. Ortiz, Gov. Lane, Gen. Hart, Lt. Col. Diaz and Rep. Kim spoke at No. 10 Downing St. on Tuesday.",
        ],
    );
    en(
        "Mr. He Lifeng and Mrs. Ng met Ms. Diallo. Smith vs. Jones is pending, e.g. Greece, i.e. Lesbos.",
        &[
            "Mr. He Lifeng and Mrs. Ng met Ms. Diallo.",
            "Smith vs. Jones is pending, e.g. Greece, i.e. Lesbos.",
        ],
    );
    en(
        "Acme Corp. The firm's founder, Bob Lee Jr. He spoke.",
        &["Acme Corp.", "The firm's founder, Bob Lee Jr.", "He spoke."],
    );
    en(
        "The ship docked at 6 a.m. It carried 120 people. It left at 9 p.m. Monday.",
        &[
            "The ship docked at 6 a.m.",
            "It carried 120 people.",
            "It left at 9 p.m. Monday.",
        ],
    );
    en(
        "Officials said the route is safe.\u{201d} The coastguard disagreed.",
        &[
            "Officials said the route is safe.\u{201d}",
            "The coastguard disagreed.",
        ],
    );
    en(
        "He was dubbed 'Plan B.' The plan failed.",
        &["He was dubbed 'Plan B.'", "The plan failed."],
    );
    en(
        "Talks in Sept. and Oct. failed. On Jan. 3 they resumed.",
        &["Talks in Sept. and Oct. failed.", "On Jan. 3 they resumed."],
    );
}

#[test]
fn french_specifics() {
    let fr = |text, expected: &[&str]| check(Lang::Fr, text, expected);
    fr(
        "Il défend l’art. Le musée rouvre lundi ; l’art. 5 du décret le permet.",
        &[
            "Il défend l’art.",
            "Le musée rouvre lundi ; l’art. 5 du décret le permet.",
        ],
    );
    fr(
        "M. Le Drian a reçu MM. Dupont et Durand. L’accord a été signé.",
        &[
            "M. Le Drian a reçu MM. Dupont et Durand.",
            "L’accord a été signé.",
        ],
    );
    fr(
        "Plusieurs îles, p. ex. Lesbos, c.-à-d. la porte de l’Europe, sont saturées. C’est un fait.",
        &[
            "Plusieurs îles, p. ex. Lesbos, c.-à-d. la porte de l’Europe, sont saturées.",
            "C’est un fait.",
        ],
    );
    fr(
        "Le centre, au 12 av. Jean-Jaurès, a ouvert le 19 août. Le préfet était présent.",
        &[
            "Le centre, au 12 av. Jean-Jaurès, a ouvert le 19 août.",
            "Le préfet était présent.",
        ],
    );
    fr(
        "Le décret n° 5 du 3 janv. 2020 s’applique. Il concerne l’art. 5 et les É.-U. Le texte est publié.",
        &[
            "Le décret n° 5 du 3 janv. 2020 s’applique.",
            "Il concerne l’art. 5 et les É.-U.",
            "Le texte est publié.",
        ],
    );
    fr(
        "Vraiment ? Oui ! Et alors\u{a0}: rien ; la suite\u{202f}?",
        &[
            "Vraiment ?",
            "Oui !",
            "Et alors\u{a0}: rien ; la suite\u{202f}?",
        ],
    );
    fr(
        "Il a conclu : « La frontière restera ouverte. » Le débat est clos.",
        &[
            "Il a conclu : « La frontière restera ouverte. »",
            "Le débat est clos.",
        ],
    );
}

#[test]
fn spanish_specifics() {
    let es = |text, expected: &[&str]| check(Lang::Es, text, expected);
    es(
        "Llegaron a EE. UU. El lunes pidieron asilo. EE. UU. anunció nuevas normas.",
        &[
            "Llegaron a EE. UU.",
            "El lunes pidieron asilo.",
            "EE. UU. anunció nuevas normas.",
        ],
    );
    es(
        "Viajó a EE.\u{a0}UU. Donald Trump lo recibió en la Casa Blanca.",
        &["Viajó a EE.\u{a0}UU. Donald Trump lo recibió en la Casa Blanca."],
    );
    es(
        "Varios países, p. ej. Grecia, lo citan en la pág. 5, núm. 3, art. 12. Es grave.",
        &[
            "Varios países, p. ej. Grecia, lo citan en la pág. 5, núm. 3, art. 12.",
            "Es grave.",
        ],
    );
    es(
        "El Gral. Pérez, el Lic. Gómez, el Ing. Ruiz, D. Juan y Dña. María viven en la Av. Libertad. Srta. Vega, Sres. Díaz.",
        &[
            "El Gral. Pérez, el Lic. Gómez, el Ing. Ruiz, D. Juan y Dña. María viven en la Av. Libertad.",
            "Srta. Vega, Sres. Díaz.",
        ],
    );
    es(
        "La ciudad fue fundada en el 300 a. C. El imperio cayó después.",
        &[
            "La ciudad fue fundada en el 300 a. C.",
            "El imperio cayó después.",
        ],
    );
    es(
        "¿Cuántos llegaron? ¡Más de 1.200! «¿Y ahora?», preguntó.",
        &[
            "¿Cuántos llegaron?",
            "¡Más de 1.200!",
            "«¿Y ahora?», preguntó.",
        ],
    );
    es(
        "El plazo vence el 5 de ene. de 2020 y la reunión es el 3 de feb. Los detalles llegarán.",
        &[
            "El plazo vence el 5 de ene. de 2020 y la reunión es el 3 de feb.",
            "Los detalles llegarán.",
        ],
    );
}

#[test]
fn degenerate_texts() {
    for lang in Lang::ALL {
        assert!(split("", lang).is_empty());
        assert!(split(" \t\r\n\u{a0}\u{feff}\n\n", lang).is_empty());
        assert_eq!(sentences("\u{feff}", lang), Vec::<&str>::new());
        assert_eq!(sentences("...", lang), ["..."]);
        assert_eq!(sentences("Mr.", lang), ["Mr."]);
        assert_eq!(sentences("refugee", lang), ["refugee"]);
        assert_eq!(
            sentences("\r\rRefugee\rMigrant\r", lang),
            ["Refugee", "Migrant"]
        );
        assert_eq!(sentences("  x. B.  ", lang), ["x.", "B."]);
    }
}

/// Texts of a few megabytes in one line, shaped to make a careless
/// splitter look far back or ahead at every mark; a quadratic pass would
/// take hours.
#[test]
fn long_lines_take_linear_time() {
    let n = 1 << 18;
    let shapes = [
        ".".repeat(n),
        "Mr. ".repeat(n / 4),
        "a. ".repeat(n / 3),
        "U.S. The ".repeat(n / 9),
        format!("Go.{}Now.", " ".repeat(n)),
        format!("Go. {}Now.", "(".repeat(n)),
        "x".repeat(n) + ". Then.",
        "1.2.3.4".repeat(n / 7),
        "\n".repeat(n),
        "- a\n".repeat(n / 4),
    ];
    let started = std::time::Instant::now();
    for text in &shapes {
        for lang in Lang::ALL {
            let got = split(text, lang);
            assert!(got.len() <= text.len());
        }
    }
    let elapsed = started.elapsed();
    assert!(elapsed.as_secs() < 60, "took {elapsed:?}");
}

proptest::proptest! {
    #[test]
    fn ranges_are_trimmed_ordered_and_cover_all_text(
        text in proptest::string::string_regex(
            "([A-Za-zÀ-ÿ0-9 ]{0,6}|[.!?…«»“”\"'()¿¡#*•\\-]|\\.\\.\\.|Mr\\.|U\\.S\\.|EE\\. UU\\.|p\\. ex\\.|1\\. |\r\n|\n\n|\n|\r|\u{a0}|\u{202f}|\u{feff}|[^\\x00-\\x7f])*"
        ).unwrap(),
        any in ".*",
    ) {
        for text in [&text, &any] {
            for lang in Lang::ALL {
                let ranges = split(text, lang);
                let mut end = 0;
                for r in &ranges {
                    let s = text.get(r.clone());
                    proptest::prop_assert!(s.is_some(), "{r:?} is not on char boundaries");
                    let s = s.unwrap();
                    proptest::prop_assert!(r.start >= end, "{r:?} overlaps the previous range");
                    proptest::prop_assert!(!s.is_empty());
                    proptest::prop_assert_eq!(s, s.trim_matches(is_space));
                    // Nothing but whitespace is left out.
                    proptest::prop_assert!(text[end..r.start].chars().all(is_space));
                    end = r.end;
                }
                proptest::prop_assert!(text[end..].chars().all(is_space));
            }
        }
    }
}

/// NTREX-128 (newstest2019 source and references): one sentence a line,
/// documents given by `DOCUMENT_IDS.tsv` (one id a line, line-aligned).
/// Each document's sentences are joined with a space and split again; a
/// gold boundary is where a line began.
///
/// Some gold boundaries do not show in running text: the first line of
/// each document is its unpunctuated headline, and translators broke some
/// sentences in two at a comma to follow the English lines. Recall is
/// asserted on the boundaries after a final mark, and printed for all; it
/// is also printed with each headline on its own line, as in a document.
/// Precision counts as wrong every cut inside a line, even where a
/// translator put two sentences on one line.
///
/// `NTREX_SHOW=1 cargo test ntrex -- --nocapture` prints every miss and
/// every wrong cut.
#[test]
fn ntrex_boundaries() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/ntrex128");
    let ids = match std::fs::read_to_string(dir.join("DOCUMENT_IDS.tsv")) {
        Ok(ids) => ids,
        Err(e) => {
            eprintln!("skipping the NTREX measure: {}: {e}", dir.display());
            return;
        }
    };
    let ids: Vec<&str> = ids
        .lines()
        .map(|l| l.split('\t').next().unwrap_or(""))
        .collect();
    let show = std::env::var_os("NTREX_SHOW").is_some();
    for (lang, file) in [
        (Lang::En, "newstest2019-src.eng.txt"),
        (Lang::Fr, "newstest2019-ref.fra.txt"),
        (Lang::Es, "newstest2019-ref.spa.txt"),
    ] {
        let path = dir.join(file);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) => {
                eprintln!(
                    "skipping the NTREX measure for {lang}: {}: {e}",
                    path.display()
                );
                continue;
            }
        };
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines.len(),
            ids.len(),
            "{file} and DOCUMENT_IDS.tsv differ in length"
        );
        let m = measure(lang, &ids, &lines, false, show);
        let h = measure(lang, &ids, &lines, true, false);
        println!(
            "NTREX {lang}: {} documents, {} gold boundaries ({} after a final mark), {} cuts: \
                 precision {:.4}, recall {:.4} (after a final mark {:.4}); \
                 headlines on their own line: precision {:.4}, recall {:.4}",
            m.documents,
            m.gold,
            m.gold_marked,
            m.predicted,
            m.precision(),
            m.recall(),
            m.recall_marked(),
            h.precision(),
            h.recall(),
        );
        assert!(
            m.precision() >= 0.95,
            "{lang}: precision {:.4}",
            m.precision()
        );
        assert!(
            m.recall_marked() >= 0.95,
            "{lang}: recall {:.4}",
            m.recall_marked()
        );
    }
}

#[derive(Default)]
struct Measure {
    documents: usize,
    gold: usize,
    /// Gold boundaries after a line that ends with a final mark: those
    /// that running text shows.
    gold_marked: usize,
    predicted: usize,
    found: usize,
    found_marked: usize,
}

impl Measure {
    fn precision(&self) -> f64 {
        self.found as f64 / self.predicted.max(1) as f64
    }

    fn recall(&self) -> f64 {
        self.found as f64 / self.gold.max(1) as f64
    }

    fn recall_marked(&self) -> f64 {
        self.found_marked as f64 / self.gold_marked.max(1) as f64
    }
}

/// Joins each document's lines with a space (after the headline, a line
/// break if `headline_apart`), splits, and counts.
fn measure(lang: Lang, ids: &[&str], lines: &[&str], headline_apart: bool, show: bool) -> Measure {
    let mut m = Measure::default();
    let mut from = 0;
    while from < lines.len() {
        let to = (from..lines.len())
            .find(|&k| ids[k] != ids[from])
            .unwrap_or(lines.len());
        m.documents += 1;
        let mut doc = String::new();
        // Gold boundaries: offset, and whether the line before ends with a final mark.
        let mut gold: Vec<(usize, bool)> = Vec::new();
        let mut marked = false;
        for line in lines[from..to]
            .iter()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty())
        {
            if !doc.is_empty() {
                doc.push(if headline_apart && gold.is_empty() {
                    '\n'
                } else {
                    ' '
                });
                gold.push((doc.len(), marked));
            }
            doc.push_str(line);
            marked = line
                .trim_end_matches(is_closer)
                .chars()
                .next_back()
                .is_some_and(is_terminal);
        }
        let predicted: Vec<usize> = split(&doc, lang).iter().skip(1).map(|r| r.start).collect();
        m.gold += gold.len();
        m.gold_marked += gold.iter().filter(|g| g.1).count();
        m.predicted += predicted.len();
        for &(at, marked) in &gold {
            let hit = predicted.binary_search(&at).is_ok();
            m.found += usize::from(hit);
            m.found_marked += usize::from(hit && marked);
            if show && !hit && marked {
                eprintln!("{lang} missed: {}", context(&doc, at));
            }
        }
        if show {
            for &at in &predicted {
                if gold.binary_search_by_key(&at, |g| g.0).is_err() {
                    eprintln!("{lang} wrong: {}", context(&doc, at));
                }
            }
        }
        from = to;
    }
    m
}

fn context(doc: &str, at: usize) -> String {
    let mut a = at.saturating_sub(50);
    while !doc.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (at + 30).min(doc.len());
    while !doc.is_char_boundary(b) {
        b += 1;
    }
    format!("{}⟦|⟧{}", &doc[a..at], &doc[at..b])
}
