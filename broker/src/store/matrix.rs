//! Loads what the matrix needs in a fixed number of batched queries: selected versions, the
//! integrations around them, target versions of the other pacticipants, pacts and results.

use std::collections::{BTreeSet, HashMap};

use sqlx::AnyConnection;

use super::environments;
use super::pacticipants::{self, Pacticipant};
use super::pacts::{self, PACT_ROW_SELECT, PactRow};
use super::versions::{self, Version};
use super::{SqlBuilder, StoreResult, verifications};
use crate::domain::matrix::{DecisionContext, MatrixData, PactSide, VerificationSide, VersionSet};
use crate::domain::matrix_query::{MatrixQuery, MatrixSelector, Target};

/// The most versions a branch or tag selector without `latest` expands to.
const MAX_SELECTED_VERSIONS: i64 = 1000;

/// Why a matrix query cannot be answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatrixProblem {
    /// A selector names a pacticipant the broker does not know.
    UnknownPacticipant(String),
    /// The target environment does not exist.
    UnknownEnvironment(String),
}

/// The loaded matrix inputs.
#[derive(Debug, Clone, Default)]
pub struct MatrixLoad {
    /// Row builder input.
    pub data: MatrixData,
    /// Decision input.
    pub context: DecisionContext,
}

/// Loads the data for `query`, or says why it cannot be answered.
pub async fn load(
    conn: &mut AnyConnection,
    query: &MatrixQuery,
) -> StoreResult<Result<MatrixLoad, MatrixProblem>> {
    let mut load = MatrixLoad::default();
    load.context.has_ignores = !query.ignore.is_empty();
    // 1. Specified selectors → versions.
    let mut specified: HashMap<i64, (Pacticipant, VersionSet)> = HashMap::new();
    for selector in &query.selectors {
        let Some(pacticipant) = pacticipants::find(conn, &selector.pacticipant).await? else {
            return Ok(Err(MatrixProblem::UnknownPacticipant(
                selector.pacticipant.clone(),
            )));
        };
        let set = resolve(conn, &pacticipant, selector).await?;
        if let VersionSet::Only(ids) = &set.0
            && ids.is_empty()
        {
            load.context.missing_versions.push(selector.describe());
        }
        load.data.version_numbers.extend(set.1);
        let entry = specified
            .entry(pacticipant.id)
            .or_insert((pacticipant, VersionSet::Only(BTreeSet::new())));
        entry.1 = match (&entry.1, set.0) {
            (VersionSet::All, _) | (_, VersionSet::All) => VersionSet::All,
            (VersionSet::Only(a), VersionSet::Only(b)) => VersionSet::Only(a.union(&b).copied().collect()),
        };
    }
    for ignored in &query.ignore {
        if pacticipants::find(conn, &ignored.pacticipant).await?.is_none() {
            load.context.warnings.push(format!(
                "WARN: Cannot ignore {} as it is not a pacticipant",
                ignored.pacticipant
            ));
        }
    }
    if query.selectors.len() == 1 && query.target == Target::Everything {
        load.context.warnings.push(
            "WARN: It is recommended to specify the environment into which you are deploying. Without the environment, \
             this result will not be reliable."
                .to_string(),
        );
    }
    if query.selectors.iter().any(|s| !s.has_version_number()) && query.target != Target::Everything {
        load.context.warnings.push(
            "WARN: It is recommended to specify the version number (rather than the tag or branch) of the pacticipant \
             you wish to deploy to avoid race conditions. Without a version number, this result will not be reliable."
                .to_string(),
        );
    }
    // 2. Integrations: providers of the specified consumer versions, consumers of the specified providers.
    let explicit_ids: Vec<i64> = specified
        .values()
        .filter_map(|(_, set)| match set {
            VersionSet::Only(ids) => Some(ids.iter().copied()),
            VersionSet::All => None,
        })
        .flatten()
        .collect();
    let all_specified: Vec<i64> = specified
        .iter()
        .filter(|(_, (_, s))| *s == VersionSet::All)
        .map(|(id, _)| *id)
        .collect();
    // Whole pacticipants' integrations come from `integration_heads` (one row per integration),
    // not from their every publication.
    let mut b = SqlBuilder::new(
        "SELECT provider_id, consumer_id FROM pact_publications WHERE consumer_version_id IN ",
    );
    b.bind_ids(explicit_ids.iter().copied());
    b.push(" UNION SELECT provider_id, consumer_id FROM integration_heads WHERE consumer_id IN ")
        .bind_ids(all_specified.iter().copied());
    b.push(" OR provider_id IN ").bind_ids(specified.keys().copied());
    let pairs: Vec<(i64, i64)> = b.query_as().fetch_all(&mut *conn).await?;
    let mut others: BTreeSet<i64> = BTreeSet::new();
    for (provider, consumer) in &pairs {
        for id in [provider, consumer] {
            if !specified.contains_key(id) {
                others.insert(*id);
            }
        }
    }
    // 3. Target versions of the other pacticipants.
    let target_sets = match target_versions(conn, &others, &query.target).await? {
        Ok(sets) => sets,
        Err(problem) => return Ok(Err(problem)),
    };
    let other_names = pacticipants::find_by_ids(conn, &others.iter().copied().collect::<Vec<_>>()).await?;
    load.context.target_phrase = match &query.target {
        Target::Environment(env) => Some(format!("currently in {env}")),
        Target::Tag(tag) => Some(format!("with tag {tag}")),
        Target::MainBranch => Some("from the main branch".to_string()),
        Target::Latest => Some("(latest)".to_string()),
        Target::Everything => None,
    };
    for id in &others {
        let set = target_sets.get(id).cloned().unwrap_or(VersionSet::All);
        if let (VersionSet::Only(ids), Some(p)) = (&set, other_names.iter().find(|p| p.id == *id))
            && ids.is_empty()
        {
            load.context.absent_in_target.insert(p.name.clone());
        }
        load.data.selected.insert(*id, set);
    }
    if let Some(numbers) = target_sets_numbers(conn, &load.data.selected).await? {
        load.data.version_numbers.extend(numbers);
    }
    for (id, (_, set)) in &specified {
        load.data.selected.insert(*id, set.clone());
        load.data.specified.insert(*id);
    }
    // 4. Pact side: pacts of every explicitly selected consumer version…
    let consumer_versions: Vec<i64> = load
        .data
        .selected
        .values()
        .filter_map(|s| match s {
            VersionSet::Only(ids) => Some(ids.iter().copied()),
            VersionSet::All => None,
        })
        .flatten()
        .collect();
    let mut pact_rows = pacts::for_consumer_versions(conn, &consumer_versions).await?;
    // …plus, for consumers taken whole, the pacts of the specified pacticipants (as provider or consumer).
    let whole: Vec<i64> = load
        .data
        .selected
        .iter()
        .filter(|(_, s)| **s == VersionSet::All)
        .map(|(id, _)| *id)
        .collect();
    if !whole.is_empty() {
        let mut b = SqlBuilder::new(PACT_ROW_SELECT);
        b.push("WHERE pp.consumer_id IN ").bind_ids(whole.iter().copied());
        b.push(" AND pp.provider_id IN ")
            .bind_ids(specified.keys().copied());
        b.push(" AND pp.pact_version_id IN (SELECT lv.pact_version_id FROM latest_verifications lv WHERE lv.provider_version_id IN ");
        b.bind_ids(explicit_ids.iter().copied());
        b.push(") ORDER BY pp.consumer_version_id DESC LIMIT 5000");
        let extra: Vec<PactRow> = b.query_as().fetch_all(&mut *conn).await?;
        for row in extra {
            if !pact_rows.iter().any(|r| r.publication_id == row.publication_id) {
                pact_rows.push(row);
            }
        }
    }
    // …plus every pact between pacticipants that are both specified without a version
    // (`q[][pacticipant]=Foo&q[][pacticipant]=Bar`): the Pact Broker lists all their rows.
    if all_specified.len() > 1 {
        let mut b = SqlBuilder::new(PACT_ROW_SELECT);
        b.push("WHERE pp.consumer_id IN ")
            .bind_ids(all_specified.iter().copied());
        b.push(" AND pp.provider_id IN ")
            .bind_ids(all_specified.iter().copied());
        b.push(" ORDER BY pp.consumer_version_id DESC LIMIT 5000");
        let extra: Vec<PactRow> = b.query_as().fetch_all(&mut *conn).await?;
        for row in extra {
            if !pact_rows.iter().any(|r| r.publication_id == row.publication_id) {
                pact_rows.push(row);
            }
        }
    }
    // A specified version that published no pact although its pacticipant depends on providers
    // cannot be vouched for: an empty matrix must not read as "no missing dependencies".
    for (id, (pacticipant, set)) in &specified {
        let VersionSet::Only(ids) = set else { continue };
        let silent: Vec<i64> = ids
            .iter()
            .copied()
            .filter(|v| !pact_rows.iter().any(|r| r.consumer_version_id == *v))
            .collect();
        if silent.is_empty() {
            continue;
        }
        let providers: Vec<(String,)> = sqlx::query_as(
            "SELECT p.name FROM integration_heads h JOIN pacticipants p ON p.id = h.provider_id \
             WHERE h.consumer_id = $1 ORDER BY p.name",
        )
        .bind(*id)
        .fetch_all(&mut *conn)
        .await?;
        if providers.is_empty() {
            continue;
        }
        let names: Vec<String> = providers.into_iter().map(|(n,)| n).collect();
        for v in silent {
            let number = load.data.version_numbers.get(&v).cloned().unwrap_or_default();
            load.context.versions_without_pacts.push(format!(
                "There is no pact from version {number} of {name}, although {name} has pacts with {}: \
                 nothing shows that this version works with them",
                names.join(", "),
                name = pacticipant.name,
            ));
        }
    }
    // 5. Verification side.
    let pact_version_ids: BTreeSet<i64> = pact_rows.iter().map(|r| r.pact_version_id).collect();
    let provider_filter: Option<Vec<i64>> = if pact_rows
        .iter()
        .any(|r| load.data.selected.get(&r.provider_id) == Some(&VersionSet::All))
    {
        None
    } else {
        Some(consumer_versions.clone())
    };
    let results = verifications::latest_for(
        conn,
        &pact_version_ids.into_iter().collect::<Vec<_>>(),
        provider_filter.as_deref(),
        100_000,
    )
    .await?;
    load.data.pacts = pact_rows
        .into_iter()
        .map(|r| PactSide {
            publication_id: r.publication_id,
            consumer: (r.consumer_id, r.consumer_name),
            consumer_version: (r.consumer_version_id, r.consumer_version_number),
            provider: (r.provider_id, r.provider_name),
            pact_version_id: r.pact_version_id,
            sha: r.sha,
            created_at: r.created_at,
        })
        .collect();
    load.data.verifications = results
        .into_iter()
        .map(|v| VerificationSide {
            id: v.id,
            pact_version_id: v.pact_version_id,
            provider_version: (v.provider_version_id, v.provider_version_number),
            success: v.success == 1,
            verified_at: v.created_at,
        })
        .collect();
    Ok(Ok(load))
}

/// Resolves one specified selector to its versions (and their numbers).
async fn resolve(
    conn: &mut AnyConnection,
    pacticipant: &Pacticipant,
    s: &MatrixSelector,
) -> StoreResult<(VersionSet, HashMap<i64, String>)> {
    let id = pacticipant.id;
    let found: Vec<Version> = if let Some(number) = &s.version {
        versions::find(conn, id, number).await?.into_iter().collect()
    } else if let Some(branch) = &s.branch {
        let limit = if s.latest { 1 } else { MAX_SELECTED_VERSIONS };
        versions::on_branch(conn, id, branch, limit).await?
    } else if let Some(tag) = &s.tag {
        let limit = if s.latest { 1 } else { MAX_SELECTED_VERSIONS };
        versions::with_tag(conn, id, tag, limit).await?
    } else if let Some(env) = &s.environment {
        let Some(environment) = environments::find_by_name(conn, env).await? else {
            return Ok((VersionSet::Only(BTreeSet::new()), HashMap::new()));
        };
        let ids = current_in_environment(conn, environment.id, &[id]).await?;
        versions::find_by_ids(conn, &ids.into_iter().map(|(_, v)| v).collect::<Vec<_>>()).await?
    } else if s.main_branch {
        match &pacticipant.main_branch {
            Some(branch) => versions::latest_on_branch(conn, id, branch)
                .await?
                .into_iter()
                .collect(),
            None => Vec::new(),
        }
    } else if s.latest {
        versions::latest(conn, id, None).await?.into_iter().collect()
    } else {
        return Ok((VersionSet::All, HashMap::new()));
    };
    let numbers = found.iter().map(|v| (v.id, v.number.clone())).collect();
    Ok((
        VersionSet::Only(found.into_iter().map(|v| v.id).collect()),
        numbers,
    ))
}

/// (pacticipant id, version id) of everything currently deployed or supported in an environment.
async fn current_in_environment(
    conn: &mut AnyConnection,
    environment_id: i64,
    pacticipant_ids: &[i64],
) -> StoreResult<Vec<(i64, i64)>> {
    let mut b = SqlBuilder::new(
        "SELECT pacticipant_id, version_id FROM deployed_versions WHERE currently_deployed = 1 AND environment_id = ",
    );
    b.bind_int(environment_id)
        .push(" AND pacticipant_id IN ")
        .bind_ids(pacticipant_ids.iter().copied());
    b.push(" UNION SELECT pacticipant_id, version_id FROM released_versions WHERE currently_supported = 1 AND environment_id = ");
    b.bind_int(environment_id)
        .push(" AND pacticipant_id IN ")
        .bind_ids(pacticipant_ids.iter().copied());
    Ok(b.query_as().fetch_all(conn).await?)
}

async fn target_versions(
    conn: &mut AnyConnection,
    ids: &BTreeSet<i64>,
    target: &Target,
) -> StoreResult<Result<HashMap<i64, VersionSet>, MatrixProblem>> {
    let list: Vec<i64> = ids.iter().copied().collect();
    let pairs: Vec<(i64, i64)> = match target {
        Target::Everything => return Ok(Ok(ids.iter().map(|id| (*id, VersionSet::All)).collect())),
        Target::Environment(env) => {
            let Some(environment) = environments::find_by_name(conn, env).await? else {
                return Ok(Err(MatrixProblem::UnknownEnvironment(env.clone())));
            };
            current_in_environment(conn, environment.id, &list).await?
        }
        Target::Tag(tag) => {
            let mut b = SqlBuilder::new("SELECT pacticipant_id, MAX(version_id) FROM tags WHERE name = ");
            b.bind_text(tag)
                .push(" AND pacticipant_id IN ")
                .bind_ids(list.iter().copied())
                .push(" GROUP BY pacticipant_id");
            b.query_as().fetch_all(&mut *conn).await?
        }
        Target::MainBranch => {
            let mut b = SqlBuilder::new(
                "SELECT bv.pacticipant_id, MAX(bv.version_id) FROM branch_versions bv JOIN pacticipants p \
                 ON p.id = bv.pacticipant_id AND bv.branch_name = p.main_branch WHERE bv.pacticipant_id IN ",
            );
            b.bind_ids(list.iter().copied())
                .push(" GROUP BY bv.pacticipant_id");
            b.query_as().fetch_all(&mut *conn).await?
        }
        Target::Latest => {
            let mut b =
                SqlBuilder::new("SELECT pacticipant_id, MAX(id) FROM versions WHERE pacticipant_id IN ");
            b.bind_ids(list.iter().copied()).push(" GROUP BY pacticipant_id");
            b.query_as().fetch_all(&mut *conn).await?
        }
    };
    let mut out: HashMap<i64, VersionSet> = ids
        .iter()
        .map(|id| (*id, VersionSet::Only(BTreeSet::new())))
        .collect();
    for (pacticipant, version) in pairs {
        if let Some(VersionSet::Only(set)) = out.get_mut(&pacticipant) {
            set.insert(version);
        }
    }
    Ok(Ok(out))
}

async fn target_sets_numbers(
    conn: &mut AnyConnection,
    sets: &HashMap<i64, VersionSet>,
) -> StoreResult<Option<HashMap<i64, String>>> {
    let ids: Vec<i64> = sets
        .values()
        .filter_map(|s| match s {
            VersionSet::Only(ids) => Some(ids.iter().copied()),
            VersionSet::All => None,
        })
        .flatten()
        .collect();
    if ids.is_empty() {
        return Ok(None);
    }
    let found = versions::find_by_ids(conn, &ids).await?;
    Ok(Some(found.into_iter().map(|v| (v.id, v.number)).collect()))
}
