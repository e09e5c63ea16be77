// French and English: every visible string comes from this dictionary. The language defaults to
// the browser's, and the choice is kept in localStorage.

const KEY = 'sillage.lang';
const NB = '\u202f'; // narrow no-break space, before French ; : ! ? % and inside « »

const en = {
  brand: 'Sillage',
  tagline: 'Open, explainable influence',
  'nav.label': 'Main',
  'nav.leaderboard': 'Leaderboard',
  'nav.status': 'Status',
  'nav.api': 'API',
  'lang.label': 'Language',
  'lang.fr': 'FR',
  'lang.en': 'EN',
  'lang.fr_title': 'Français',
  'lang.en_title': 'English',
  'lang.name.fr': 'French',
  'lang.name.en': 'English',
  'search.label': 'Search an account',
  'search.placeholder': 'Search an account…',
  'search.none': 'No account starts with “{q}”. Press Enter to open it anyway.',
  'search.failed': 'Search is unavailable right now.',
  'footer.text': 'Sillage — open, explainable influence scores. An indicator, not a verdict: read the work too.',
  'footer.api': 'API explorer',
  'footer.openapi': 'OpenAPI',
  'footer.metrics': 'Metrics',
  loading: 'Loading…',
  retry: 'Try again',
  yes: 'yes',
  no: 'no',
  breadcrumb: 'Breadcrumb',
  top_share: 'top {less}{share}' + NB + '%',
  'unit.ms': '{n} ms',
  'unit.s': '{n} s',
  'unit.min_s': '{m} min {s} s',
  'unit.h_min': '{h} h {m} min',
  'unit.d_h': '{d} d {h} h',

  'error.network': 'The server could not be reached. Check that Sillage is running, then try again.',
  'error.not_found': 'We could not find what you asked for.',
  'error.invalid': 'The request was not accepted.',
  'error.unauthorized': 'This needs an access token.',
  'error.unavailable': 'The scores are not ready yet. Please try again in a moment.',
  'error.generic': 'Something went wrong while loading this part of the page.',
  'error.server_said': 'The server said:',
  'error.code': 'Error code',
  'notfound.title': 'Page not found',
  'notfound.text': 'This address does not match any page of the dashboard.',
  'notfound.back': 'Back to the leaderboard',

  'fresh.label': 'Freshness',
  'fresh.ok': 'Up to date',
  'fresh.stale': 'Updating',
  'fresh.down': 'Offline',
  'fresh.unknown': 'Checking…',
  'fresh.title': 'Scores as of {as_of}; snapshot computed {age} ago',
  'fresh.down_title': 'The server does not answer',

  'leaderboard.title': 'Leaderboard',
  'leaderboard.sub': { count: 'total', one: '{total} account matches, of {shown} scored · as of {as_of}', other: '{total} accounts match, of {shown} scored · as of {as_of}' },
  'leaderboard.empty': 'No account matches these filters.',
  'filter.topic': 'Topic',
  'filter.lang': 'Language',
  'filter.all_topics': 'All topics',
  'filter.all_langs': 'All languages',
  'filter.open_topic': 'Open the “{topic}” page',
  'topics.title': 'Largest topics:',
  'pager.label': 'Pages',
  'pager.info': '{from}–{to} of {total}',
  'pager.prev': 'Previous',
  'pager.next': 'Next',
  'col.position': '#',
  'col.account': 'Account',
  'col.score': 'Score',
  'col.percentile': 'Percentile',
  'col.percentile_help': 'Share of scored accounts with a lower score',
  'col.topic_score': 'Topic score',
  'col.topic_score_help': 'Authority within this topic (0–100)',
  'col.components': 'Components',
  'col.components_short': 'Comp.',
  'col.lang': 'Lang.',
  'org.help': 'Organisation',
  'outreach.level_help': 'Outreach level (1–12): how much the account engages others',

  'comp.authority': 'Authority',
  'comp.reach': 'Reach',
  'comp.amplification': 'Amplification',
  'comp.activity': 'Activity',
  'comp.outreach': 'Outreach',
  'comp.authority.short': 'Auth.',
  'comp.reach.short': 'Reach',
  'comp.amplification.short': 'Ampl.',
  'comp.activity.short': 'Activity',
  'comp.outreach.short': 'Outreach',
  'comp.authority.help': 'Engaged with by accounts that are engaged with themselves',
  'comp.reach.help': 'Followers, weighted by their trust, activity and attention',
  'comp.amplification.help': 'Distinct trusted reactors per post',
  'comp.activity.help': 'Regular presence, week by week',
  'comp.outreach.help': 'How much the account engages others (shown, not counted)',
  'comp.title': 'Why this score',
  'comp.sub': 'Five components of 0–100, weighted; each earns points towards the score',
  'comp.col.component': 'Component',
  'comp.col.bar': 'Value as a bar',
  'comp.col.value': 'Value',
  'comp.col.weight': 'Weight',
  'comp.col.points': 'Points',
  'comp.base': 'Base: every account starts at 1',
  'comp.total': 'Score: 1 + the points',
  'comp.not_counted': 'Shown, not counted in the score',
  'comp.foot': 'Percentiles compare each component with every scored account.',

  'hero.label': 'Score summary',
  'hero.score_aria': 'Score {score} out of 100',
  'hero.out_of': 'out of 100',
  'hero.position': 'Position',
  'hero.of_shown': 'of {shown} accounts',
  'hero.as_of': 'As of',
  'hero.org': 'Organisation: {org}',
  'hero.outreach_level': 'Outreach level {level}',
  'trust.full': 'Fully trusted',
  'trust.partial': 'Trusted at {trust}',
  'trust.why': 'Its engagement counts at {trust}, because:',
  'trust.bot': 'it engages at an automated rate',
  'trust.ring': 'it belongs to an insular group that mostly amplifies itself (ring-like)',
  'trust.fresh': 'it is a recently created account',

  'account.topics': 'Topics',
  'account.topics_sub': 'Authority within each topic (0–100)',
  'account.no_topics': 'No topic stands out for this account.',
  'account.topic_pct': 'pct. {pct}',

  'history.title': 'Score history',
  'history.sub': 'One point per recorded score run, and the live score',
  'history.y': 'Score',
  'history.empty': 'No score run recorded yet.',
  'history.legend_runs': 'Recorded score runs ({n})',
  'history.legend_live': 'Live score',
  'history.live': 'Live score',
  'history.run': 'Score run #{run}',
  'history.aria': 'Score history chart, {n} points',

  'graph.title': 'Neighbourhood',
  'graph.sub': 'Strongest engagers on the left, the accounts it engages most on the right',
  'graph.empty': 'No engagement around this account yet.',
  'graph.aria': 'Engagement graph of {n} accounts',
  'graph.role.center': 'This account',
  'graph.role.engager': 'Engages with it',
  'graph.role.engaged': 'Engaged by it',
  'graph.role.both': 'Both ways',
  'graph.hint': 'Arrows: who engages whom; thicker is stronger. Drag to rearrange, click to open.',
  'graph.open_hint': 'Click to open this account',
  'graph.counts': 'Showing {engagers} of {engagers_total} engagers and {engaged} of {engaged_total} engaged accounts.',

  'contrib.title': 'Top contributors',
  'contrib.sub': 'Who gave this account its authority, with the events that earned it',
  'contrib.summary': { count: 'total', one: 'Showing {shown} of {total} contributor.', other: 'Showing {shown} of {total} contributors.' },
  'contrib.discounted': { count: 'n', one: '{n} engager is discounted by the trust rules.', other: '{n} engagers are discounted by the trust rules.' },
  'contrib.more': 'Show more contributors',
  'contrib.none': 'No one has contributed authority to this account yet.',
  'contrib.events_n': { count: 'n', one: '{n} event', other: '{n} events' },
  'contrib.trust': 'trust {trust}',
  'contrib.open': 'Open this account',
  'contrib.open_aria': 'Open the account {account}',
  'contrib.no_events': 'No event listed.',
  'contrib.events_shown': { count: 'total', one: '{shown} of {total} event shown.', other: '{shown} of {total} events shown.' },
  'ev.kind': 'Event',
  'ev.date': 'Date',
  'ev.weight': 'Weight',
  'ev.weight_help': 'Weight after time decay',
  'ev.counted': 'Counted',
  'ev.counted_help': 'What counted after saturation, burst damping and trust',
  'ev.points': 'Points',
  'ev.points_help': 'Authority points this event earned',
  'kind.post': 'post',
  'kind.repost': 'repost',
  'kind.quote': 'quote',
  'kind.reply': 'reply',
  'kind.mention': 'mention',
  'kind.like': 'like',
  'kind.follow': 'follow',
  'kind.unfollow': 'unfollow',

  'topic.eyebrow': 'Topic',
  'topic.other_label': 'In French: {label}',
  'topic.accounts': 'Accounts',
  'topic.parent': 'Parent topic',
  'topic.no_parent': 'none (top level)',
  'topic.best': 'Best account',
  'topic.best_score': 'topic score {score}',
  'topic.id': 'Identifier',
  'topic.children': 'Sub-topics',
  'topic.leaderboard': 'Topic leaderboard',
  'topic.leaderboard_sub': 'Ranked by topic score · as of {as_of}',
  'topic.unknown_title': 'Unknown topic',
  'topic.unknown': 'There is no topic “{topic}”.',

  'status.title': 'Status',
  'status.sub': 'Refreshed every 2 seconds.',
  'status.updated': 'Last update {time}.',
  'status.fresh': 'Scores are up to date',
  'status.fresh_text': 'Every event held is counted in the served scores (as of {as_of}).',
  'status.stale': 'New events are being scored',
  'status.stale_text': 'Events arrived since the last snapshot; fresh scores are being computed in the background.',
  'status.snapshot': 'Served snapshot',
  'status.as_of': 'Scores as of',
  'status.snapshot_age': 'Snapshot age',
  'status.snapshot_events': 'Events in snapshot',
  'status.snapshot_accounts': 'Accounts in snapshot',
  'status.last_compute': 'Last computation',
  'status.stale_flag': 'Stale',
  'status.ingest': 'Ingest',
  'status.events_held': 'Events held',
  'status.pushes': 'Pushes',
  'status.events_ingested': 'Events ingested',
  'status.lines_rejected': 'Lines rejected',
  'status.writes': 'Writes',
  'status.writes_on': 'enabled',
  'status.writes_off': 'disabled (no token)',
  'status.server': 'Server',
  'status.version': 'Version',
  'status.uptime': 'Uptime',
  'status.settings': 'Settings from',

  'api.title': 'API explorer',
  'api.intro': 'Every operation of the Sillage API, described by /openapi.json. Fill in the parameters and send real requests to this server.',
  'api.back': 'Dashboard',
  'api.operations': 'Operations',
  'api.filter': 'Filter operations…',
  'api.params': 'Parameters',
  'api.no_params': 'No parameters.',
  'api.required': 'required',
  'api.in.path': 'path',
  'api.in.query': 'query',
  'api.in.header': 'header',
  'api.body': 'Request body',
  'api.body_help': 'One JSON object per line.',
  'api.token': 'Bearer token',
  'api.token_help': 'The server’s SILLAGE_TOKEN. Kept in this page only.',
  'api.auth_needed': 'needs the bearer token',
  'api.send': 'Send',
  'api.sending': 'Sending…',
  'api.response': 'Response',
  'api.time': '{ms} ms',
  'api.missing': 'Fill in the required parameter “{name}”.',
  'api.network_error': 'The request did not reach the server: {message}',
  'api.load_failed': 'The API description could not be loaded.',
  'api.curl': 'As a curl command',
  'api.empty_body': '(empty body)',
  'api.no_match': 'No operation matches “{q}”.',
  'api.openapi': 'OpenAPI document',
  'api.version': 'version {version}',
};

const fr = {
  brand: 'Sillage',
  tagline: 'L’influence, ouverte et expliquée',
  'nav.label': 'Principal',
  'nav.leaderboard': 'Classement',
  'nav.status': 'État',
  'nav.api': 'API',
  'lang.label': 'Langue',
  'lang.fr': 'FR',
  'lang.en': 'EN',
  'lang.fr_title': 'Français',
  'lang.en_title': 'English',
  'lang.name.fr': 'Français',
  'lang.name.en': 'Anglais',
  'search.label': 'Rechercher un compte',
  'search.placeholder': 'Rechercher un compte…',
  'search.none': `Aucun compte ne commence par «${NB}{q}${NB}». Entrée pour l’ouvrir quand même.`,
  'search.failed': 'La recherche est indisponible pour le moment.',
  'footer.text': 'Sillage — des scores d’influence ouverts et expliqués. Un indicateur, pas un verdict : lisez aussi le travail.',
  'footer.api': 'Explorateur d’API',
  'footer.openapi': 'OpenAPI',
  'footer.metrics': 'Métriques',
  loading: 'Chargement…',
  retry: 'Réessayer',
  yes: 'oui',
  no: 'non',
  breadcrumb: 'Fil d’Ariane',
  top_share: `top {less}{share}${NB}%`,
  'unit.ms': '{n} ms',
  'unit.s': '{n} s',
  'unit.min_s': '{m} min {s} s',
  'unit.h_min': '{h} h {m} min',
  'unit.d_h': '{d} j {h} h',

  'error.network': 'Le serveur est injoignable. Vérifiez que Sillage tourne, puis réessayez.',
  'error.not_found': 'Nous n’avons pas trouvé ce que vous cherchez.',
  'error.invalid': 'La requête n’a pas été acceptée.',
  'error.unauthorized': 'Cette action demande un jeton d’accès.',
  'error.unavailable': `Les scores ne sont pas encore prêts. Réessayez dans un instant.`,
  'error.generic': 'Un problème est survenu au chargement de cette partie de la page.',
  'error.server_said': `Réponse du serveur${NB}:`,
  'error.code': 'Code d’erreur',
  'notfound.title': 'Page introuvable',
  'notfound.text': 'Cette adresse ne correspond à aucune page du tableau de bord.',
  'notfound.back': 'Retour au classement',

  'fresh.label': 'Fraîcheur',
  'fresh.ok': 'À jour',
  'fresh.stale': 'Mise à jour',
  'fresh.down': 'Hors ligne',
  'fresh.unknown': 'Vérification…',
  'fresh.title': 'Scores au {as_of} ; instantané calculé il y a {age}',
  'fresh.down_title': 'Le serveur ne répond pas',

  'leaderboard.title': 'Classement',
  'leaderboard.sub': { count: 'total', one: '{total} compte correspond, sur {shown} notés · au {as_of}', other: '{total} comptes correspondent, sur {shown} notés · au {as_of}' },
  'leaderboard.empty': 'Aucun compte ne correspond à ces filtres.',
  'filter.topic': 'Thème',
  'filter.lang': 'Langue',
  'filter.all_topics': 'Tous les thèmes',
  'filter.all_langs': 'Toutes les langues',
  'filter.open_topic': `Ouvrir la page «${NB}{topic}${NB}»`,
  'topics.title': 'Thèmes les plus suivis :',
  'pager.label': 'Pages',
  'pager.info': '{from}–{to} sur {total}',
  'pager.prev': 'Précédent',
  'pager.next': 'Suivant',
  'col.position': 'N°',
  'col.account': 'Compte',
  'col.score': 'Score',
  'col.percentile': 'Centile',
  'col.percentile_help': 'Part des comptes notés dont le score est inférieur',
  'col.topic_score': 'Score thème',
  'col.topic_score_help': 'Autorité dans ce thème (0–100)',
  'col.components': 'Composantes',
  'col.components_short': 'Comp.',
  'col.lang': 'Langue',
  'org.help': 'Organisation',
  'outreach.level_help': 'Niveau d’ouverture (1–12) : combien le compte interagit avec les autres',

  'comp.authority': 'Autorité',
  'comp.reach': 'Audience',
  'comp.amplification': 'Amplification',
  'comp.activity': 'Activité',
  'comp.outreach': 'Ouverture',
  'comp.authority.short': 'Autorité',
  'comp.reach.short': 'Audience',
  'comp.amplification.short': 'Ampl.',
  'comp.activity.short': 'Activité',
  'comp.outreach.short': 'Ouverture',
  'comp.authority.help': 'Sollicité par des comptes eux-mêmes sollicités',
  'comp.reach.help': 'Abonnés, pondérés par leur confiance, leur activité et leur attention',
  'comp.amplification.help': 'Réactions distinctes et fiables par publication',
  'comp.activity.help': 'Présence régulière, semaine après semaine',
  'comp.outreach.help': 'Combien le compte interagit avec les autres (affiché, non compté)',
  'comp.title': 'Pourquoi ce score',
  'comp.sub': 'Cinq composantes de 0 à 100, pondérées ; chacune rapporte des points au score',
  'comp.col.component': 'Composante',
  'comp.col.bar': 'Valeur en barre',
  'comp.col.value': 'Valeur',
  'comp.col.weight': 'Poids',
  'comp.col.points': 'Points',
  'comp.base': 'Base : chaque compte part de 1',
  'comp.total': 'Score : 1 + les points',
  'comp.not_counted': 'Affiché, non compté dans le score',
  'comp.foot': 'Les centiles comparent chaque composante à celle de tous les comptes notés.',

  'hero.label': 'Résumé du score',
  'hero.score_aria': 'Score de {score} sur 100',
  'hero.out_of': 'sur 100',
  'hero.position': 'Rang',
  'hero.of_shown': 'sur {shown} comptes',
  'hero.as_of': 'Calculé au',
  'hero.org': `Organisation${NB}: {org}`,
  'hero.outreach_level': 'Ouverture niveau {level}',
  'trust.full': 'Confiance totale',
  'trust.partial': `Confiance à {trust}`,
  'trust.why': `Ses interactions comptent à {trust}, car${NB}:`,
  'trust.bot': 'il interagit à un rythme automatisé',
  'trust.ring': 'il appartient à un groupe fermé qui s’amplifie surtout lui-même (type « ring »)',
  'trust.fresh': 'c’est un compte créé récemment',

  'account.topics': 'Thèmes',
  'account.topics_sub': 'Autorité dans chaque thème (0–100)',
  'account.no_topics': 'Aucun thème ne ressort pour ce compte.',
  'account.topic_pct': 'centile {pct}',

  'history.title': 'Historique du score',
  'history.sub': 'Un point par calcul enregistré, plus le score en direct',
  'history.y': 'Score',
  'history.empty': 'Aucun calcul enregistré pour l’instant.',
  'history.legend_runs': 'Calculs enregistrés ({n})',
  'history.legend_live': 'Score en direct',
  'history.live': 'Score en direct',
  'history.run': 'Calcul n°{run}',
  'history.aria': 'Graphique de l’historique du score, {n} points',

  'graph.title': 'Voisinage',
  'graph.sub': 'À gauche, ceux qui interagissent le plus avec lui ; à droite, ceux avec qui il interagit le plus',
  'graph.empty': 'Aucune interaction autour de ce compte pour l’instant.',
  'graph.aria': 'Graphe des interactions de {n} comptes',
  'graph.role.center': 'Ce compte',
  'graph.role.engager': 'Interagit avec lui',
  'graph.role.engaged': 'Sollicité par lui',
  'graph.role.both': 'Dans les deux sens',
  'graph.hint': 'Flèches : qui interagit avec qui ; plus épais, plus fort. Glissez pour réorganiser, cliquez pour ouvrir.',
  'graph.open_hint': 'Cliquez pour ouvrir ce compte',
  'graph.counts': 'Affichés : {engagers} comptes sur {engagers_total} qui interagissent avec lui, et {engaged} sur {engaged_total} avec qui il interagit.',

  'contrib.title': 'Principaux contributeurs',
  'contrib.sub': 'Qui lui a donné son autorité, avec les événements qui l’ont valu',
  'contrib.summary': { count: 'shown', one: '{shown} contributeur affiché sur {total}.', other: '{shown} contributeurs affichés sur {total}.' },
  'contrib.discounted': { count: 'n', one: '{n} compte est décoté par les règles de confiance.', other: '{n} comptes sont décotés par les règles de confiance.' },
  'contrib.more': 'Afficher plus de contributeurs',
  'contrib.none': 'Personne n’a encore contribué à l’autorité de ce compte.',
  'contrib.events_n': { count: 'n', one: '{n} événement', other: '{n} événements' },
  'contrib.trust': 'confiance {trust}',
  'contrib.open': 'Ouvrir ce compte',
  'contrib.open_aria': 'Ouvrir le compte {account}',
  'contrib.no_events': 'Aucun événement listé.',
  'contrib.events_shown': { count: 'shown', one: '{shown} événement affiché sur {total}.', other: '{shown} événements affichés sur {total}.' },
  'ev.kind': 'Événement',
  'ev.date': 'Date',
  'ev.weight': 'Poids',
  'ev.weight_help': 'Poids après l’atténuation dans le temps',
  'ev.counted': 'Compté',
  'ev.counted_help': 'Ce qui a compté après saturation, amortissement des rafales et confiance',
  'ev.points': 'Points',
  'ev.points_help': 'Points d’autorité gagnés par cet événement',
  'kind.post': 'publication',
  'kind.repost': 'partage',
  'kind.quote': 'citation',
  'kind.reply': 'réponse',
  'kind.mention': 'mention',
  'kind.like': 'j’aime',
  'kind.follow': 'abonnement',
  'kind.unfollow': 'désabonnement',

  'topic.eyebrow': 'Thème',
  'topic.other_label': `En anglais${NB}: {label}`,
  'topic.accounts': 'Comptes',
  'topic.parent': 'Thème parent',
  'topic.no_parent': 'aucun (premier niveau)',
  'topic.best': 'Meilleur compte',
  'topic.best_score': 'score thème {score}',
  'topic.id': 'Identifiant',
  'topic.children': 'Sous-thèmes',
  'topic.leaderboard': 'Classement du thème',
  'topic.leaderboard_sub': 'Trié par score thème · au {as_of}',
  'topic.unknown_title': 'Thème inconnu',
  'topic.unknown': `Il n’existe pas de thème «${NB}{topic}${NB}».`,

  'status.title': 'État du service',
  'status.sub': 'Actualisé toutes les 2 secondes.',
  'status.updated': 'Dernière mise à jour à {time}.',
  'status.fresh': 'Les scores sont à jour',
  'status.fresh_text': 'Tous les événements reçus sont comptés dans les scores servis (au {as_of}).',
  'status.stale': 'De nouveaux événements sont en cours de calcul',
  'status.stale_text': 'Des événements sont arrivés depuis le dernier instantané ; les nouveaux scores sont calculés en arrière-plan.',
  'status.snapshot': 'Instantané servi',
  'status.as_of': 'Scores au',
  'status.snapshot_age': 'Âge de l’instantané',
  'status.snapshot_events': 'Événements de l’instantané',
  'status.snapshot_accounts': 'Comptes de l’instantané',
  'status.last_compute': 'Dernier calcul',
  'status.stale_flag': 'Périmé',
  'status.ingest': 'Ingestion',
  'status.events_held': 'Événements stockés',
  'status.pushes': 'Envois',
  'status.events_ingested': 'Événements ingérés',
  'status.lines_rejected': 'Lignes rejetées',
  'status.writes': 'Écritures',
  'status.writes_on': 'activées',
  'status.writes_off': 'désactivées (pas de jeton)',
  'status.server': 'Serveur',
  'status.version': 'Version',
  'status.uptime': 'En service depuis',
  'status.settings': 'Réglages issus de',

  'api.title': 'Explorateur d’API',
  'api.intro': 'Toutes les opérations de l’API Sillage, décrites par /openapi.json. Renseignez les paramètres et envoyez de vraies requêtes à ce serveur.',
  'api.back': 'Tableau de bord',
  'api.operations': 'Opérations',
  'api.filter': 'Filtrer les opérations…',
  'api.params': 'Paramètres',
  'api.no_params': 'Aucun paramètre.',
  'api.required': 'obligatoire',
  'api.in.path': 'chemin',
  'api.in.query': 'requête',
  'api.in.header': 'en-tête',
  'api.body': 'Corps de la requête',
  'api.body_help': 'Un objet JSON par ligne.',
  'api.token': 'Jeton (bearer)',
  'api.token_help': 'Le SILLAGE_TOKEN du serveur. Gardé dans cette page seulement.',
  'api.auth_needed': 'demande le jeton',
  'api.send': 'Envoyer',
  'api.sending': 'Envoi…',
  'api.response': 'Réponse',
  'api.time': '{ms} ms',
  'api.missing': `Renseignez le paramètre obligatoire «${NB}{name}${NB}».`,
  'api.network_error': `La requête n’a pas atteint le serveur${NB}: {message}`,
  'api.load_failed': 'La description de l’API n’a pas pu être chargée.',
  'api.curl': 'En commande curl',
  'api.empty_body': '(corps vide)',
  'api.no_match': `Aucune opération ne correspond à «${NB}{q}${NB}».`,
  'api.openapi': 'Document OpenAPI',
  'api.version': 'version {version}',
};

// French typography: a narrow no-break space before ; : ! ? and inside « ».
const typeset = (text) => text.replace(/ ([;:!?»])/g, `${NB}$1`).replace(/« /g, `«${NB}`);
for (const k of Object.keys(fr)) {
  const v = fr[k];
  if (typeof v === 'string') fr[k] = typeset(v);
  else for (const form of ['zero', 'one', 'two', 'few', 'many', 'other']) if (v[form]) v[form] = typeset(v[form]);
}

export const dictionaries = { en, fr };

function initial() {
  try {
    const saved = localStorage.getItem(KEY);
    if (saved === 'fr' || saved === 'en') return saved;
  } catch (e) {
    // storage may be disabled: fall back to the browser's language
  }
  const nav = ((navigator.languages && navigator.languages[0]) || navigator.language || 'en').toLowerCase();
  return nav.startsWith('fr') ? 'fr' : 'en';
}

let lang = initial();
document.documentElement.lang = lang;
const listeners = [];

export function getLang() {
  return lang;
}

/** The locale for numbers and dates: the browser's own when it speaks the chosen language. */
export function locale() {
  const nav = navigator.language || '';
  if (nav.toLowerCase().startsWith(lang)) return nav;
  return lang === 'fr' ? 'fr-FR' : 'en-GB';
}

export function setLang(next) {
  if (next !== 'fr' && next !== 'en' || next === lang) return;
  lang = next;
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(KEY, lang);
  } catch (e) {
    // not persisted; still switched
  }
  for (const f of listeners) f(lang);
}

export function onLangChange(f) {
  listeners.push(f);
}

const missing = new Set();
const rules = new Map();
function pluralRules() {
  if (!rules.has(lang)) rules.set(lang, new Intl.PluralRules(lang));
  return rules.get(lang);
}

/** The text for `key` in the current language, with {name} placeholders filled from `params`. */
export function t(key, params) {
  let text = dictionaries[lang][key];
  if (text === undefined) {
    if (!missing.has(`${lang}:${key}`)) {
      missing.add(`${lang}:${key}`);
      (window.__sillageErrors = window.__sillageErrors || []).push(`missing translation ${lang}:${key}`);
    }
    text = en[key] !== undefined ? en[key] : key;
  }
  if (typeof text === 'object') {
    // Plural forms: the entry names the parameter that counts ({count: 'n', one, other}).
    const raw = params ? params[text.count] : 0;
    const n = typeof raw === 'number' ? raw : Number(String(raw).replace(/[^\d.]/g, '')) || 0;
    text = text[pluralRules().select(n)] || text.other;
  }
  if (params) {
    text = text.replace(/\{(\w+)\}/g, (m, name) => (params[name] !== undefined && params[name] !== null ? String(params[name]) : m));
  }
  return text;
}

/** Fills the static markup: data-i18n (text), data-i18n-placeholder, -title and -aria-label. */
export function applyStatic(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.setAttribute('placeholder', t(el.dataset.i18nPlaceholder));
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.setAttribute('title', t(el.dataset.i18nTitle));
  for (const el of root.querySelectorAll('[data-i18n-aria-label]')) el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
}

/** A topic's label in the current language. */
export function topicLabel(x) {
  if (!x) return '';
  return (lang === 'fr' ? x.label_fr || x.label_en : x.label_en || x.label_fr) || x.topic;
}
